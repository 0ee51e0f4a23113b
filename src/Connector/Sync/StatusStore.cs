using Connector.Changes;
using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Reads the sync's state for <c>status</c> and the dashboard.</summary>
public sealed class StatusStore(NpgsqlDataSource dataSource, IOptions<PartnerCentralOptions> apiOptions, Ledger.LedgerFreshnessStore ledgerFreshness)
{
    private const string CountsSql = "select status, count(*) from connector.crm_changes group by status";

    private const string QueueSql = """
        select count(*) as queued,
               count(*) filter (where not_before <= now()) as due_now,
               min(not_before) filter (where not_before > now()) as next_deferred_at,
               (select count(*)::int from connector.attempts where is_write and slot_at > now() - interval '24 hours') as writes_used,
               (select paused_reason from connector.pace where id = 1) as paused_reason,
               (select paused_at from connector.pace where id = 1) as paused_at
          from connector.send_queue
        """;

    private const string FailuresSql = $$"""
        select coalesce(error_type, 'unknown') as error_type, count(*) as count, min(status_detail) as example_detail
          from connector.crm_changes
         where status = '{{ChangeStatus.Failed}}'
         group by 1
         order by 2 desc
        """;

    private const string RunsSql = $$"""
        select r.id, r.trigger, r.started_at, r.planned_at, r.queued, tally.synced, tally.failed, tally.pending + tally.deferred as open,
               tally.unchanged, tally.superseded, tally.rejected, tally.deferred
          from connector.sync_runs r
          {{RunTally.Lateral}}
         order by r.id desc
         limit @limit
        """;

    private const string ByStatusSql = $$"""
        select id, coalesce(change_type, '') as change_type, catalog, coalesce(opportunity_id, '') as opportunity_id,
               case when change_type = '{{ChangeType.Assign}}' then 'assignee ' || coalesce(assignee_business_title, '')
                    else coalesce(entity_type, '') || ' ' || coalesce(entity_id, '') end as target,
               coalesce(error_type, 'unknown') as error_type, status_detail as detail, processed_at
          from connector.crm_changes
         where status = @status
         order by id desc
         limit @limit
        """;

    public Task<IReadOnlyList<FailedChange>> ReadFailedAsync(int limit, CancellationToken cancellationToken) =>
        ReadByStatusAsync(ChangeStatus.Failed, limit, cancellationToken);

    /// <summary>The latest changes in one status (newest first) with their detail: why they failed, wait or were rejected.</summary>
    public async Task<IReadOnlyList<FailedChange>> ReadByStatusAsync(string status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FailedChange>(new CommandDefinition(ByStatusSql, new { status, limit }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<SyncStatus> ReadAsync(int runs, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(CountsSql, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Status, r => r.Count);
        var queue = await connection.QuerySingleAsync<QueueRow>(new CommandDefinition(QueueSql, cancellationToken: cancellationToken));
        var failures = (await connection.QueryAsync<FailureGroup>(new CommandDefinition(FailuresSql, cancellationToken: cancellationToken))).ToList();
        var lastRuns = (await connection.QueryAsync<SyncRunRow>(new CommandDefinition(RunsSql, new { limit = runs }, cancellationToken: cancellationToken))).ToList();
        var api = apiOptions.Value;
        var ledger = await ledgerFreshness.ReadAsync(cancellationToken);
        return new SyncStatus
        {
            Ledger = ledger,
            ChangesByStatus = counts,
            Queued = queue.Queued,
            QueuedDueNow = queue.DueNow,
            // A paused sync resumes when someone lifts the pause, not at a time: no "resumes at" or ETA then.
            NextDeferredAt = queue.PausedReason is null ? Utc(queue.NextDeferredAt) : null,
            WritesUsedLast24Hours = queue.WritesUsed,
            WriteBudget = api.WritesPer24Hours,
            WritesPerSecond = api.WritesPerSecond,
            PausedReason = queue.PausedReason,
            PausedAt = Utc(queue.PausedAt),
            BacklogEta = queue.Queued == 0 ? TimeSpan.Zero : queue.PausedReason is null ? BacklogEta.For(queue.Queued, queue.WritesUsed, api) : null,
            Failures = failures,
            LastRuns = lastRuns,
        };
    }

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private sealed class QueueRow
    {
        public long Queued { get; init; }

        public long DueNow { get; init; }

        public DateTime? NextDeferredAt { get; init; }

        public int WritesUsed { get; init; }

        public string? PausedReason { get; init; }

        public DateTime? PausedAt { get; init; }
    }
}
