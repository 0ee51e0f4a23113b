using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Reads the sync's state for <c>status</c> and the dashboard.</summary>
public sealed class StatusStore(NpgsqlDataSource dataSource, IOptions<PartnerCentralOptions> apiOptions)
{
    private const string CountsSql = "select status, count(*) from connector.crm_changes group by status";

    private const string QueueSql = """
        select count(*) as Queued,
               count(*) filter (where not_before <= now()) as DueNow,
               min(not_before) filter (where not_before > now()) as NextDeferredAt,
               (select count(*)::int from connector.attempts where is_write and slot_at > now() - interval '24 hours') as WritesUsed,
               (select paused_reason from connector.pace where id = 1) as PausedReason,
               (select paused_at from connector.pace where id = 1) as PausedAt
          from connector.send_queue
        """;

    // The error type is the status_detail's first word (ChangeSender writes "<ErrorType>...: message").
    private const string FailuresSql = """
        select split_part(split_part(coalesce(status_detail, 'unknown'), ':', 1), ' ', 1) as ErrorType,
               count(*) as Count, min(status_detail) as ExampleDetail
          from connector.crm_changes
         where status = 'failed'
         group by 1
         order by 2 desc
        """;

    private const string RunsSql = """
        select r.id as Id, r.trigger as Trigger, r.started_at as StartedAt, r.planned_at as PlannedAt,
               r.superseded as Superseded, r.unchanged as Unchanged, r.rejected as Rejected, r.queued as Queued, r.deferred as Deferred,
               (select count(*)::int from connector.crm_changes c where c.run_id = r.id and c.status = 'synced') as Synced,
               (select count(*)::int from connector.crm_changes c where c.run_id = r.id and c.status = 'failed') as Failed,
               (select count(*)::int from connector.crm_changes c where c.run_id = r.id and c.status in ('pending', 'deferred')) as Open
          from connector.sync_runs r
         order by r.id desc
         limit @limit
        """;

    private const string FailedSql = """
        select id as Id, coalesce(change_type, '') as ChangeType, catalog as Catalog, coalesce(opportunity_id, '') as OpportunityId,
               case when change_type = 'assign' then 'assignee ' || coalesce(assignee_business_title, '')
                    else coalesce(entity_type, '') || ' ' || coalesce(entity_id, '') end as Target,
               split_part(split_part(coalesce(status_detail, 'unknown'), ':', 1), ' ', 1) as ErrorType,
               status_detail as Detail, processed_at as ProcessedAt
          from connector.crm_changes
         where status = 'failed'
         order by id desc
         limit @limit
        """;

    public async Task<IReadOnlyList<FailedChange>> ReadFailedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FailedChange>(new CommandDefinition(FailedSql, new { limit }, cancellationToken: cancellationToken))).ToList();
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
        return new SyncStatus
        {
            ChangesByStatus = counts,
            Queued = queue.Queued,
            QueuedDueNow = queue.DueNow,
            NextDeferredAt = Utc(queue.NextDeferredAt),
            WritesUsedLast24Hours = queue.WritesUsed,
            WriteBudget = api.WritesPer24Hours,
            WritesPerSecond = api.WritesPerSecond,
            PausedReason = queue.PausedReason,
            PausedAt = Utc(queue.PausedAt),
            BacklogEta = queue.Queued == 0 ? TimeSpan.Zero : BacklogEta.For(queue.Queued, queue.WritesUsed, api),
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
