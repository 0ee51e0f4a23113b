using Connector.Changes;
using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Reads, inside a dry run's transaction after the planner's preview pass, what became of one import's rows
/// (<c>crm_changes.import_id</c>): queued, deferred, no-op, superseded, rejected or waiting.</summary>
public sealed class PlanEffectStore(IOptions<PartnerCentralOptions> api)
{
    private const int Shown = 100;

    private const string CountsSql = """
        select c.status, (q.change_id is not null) as queued, count(*)::int as count
          from connector.crm_changes c
          left join connector.send_queue q on q.change_id = c.id
         where c.import_id = @id
         group by 1, 2
        """;

    private const string RejectedSql = $$"""
        select coalesce(source_line, 0) as line, status_detail as message
          from connector.crm_changes
         where import_id = @id and status = '{{ChangeStatus.Rejected}}'
         order by source_line, id
         limit @limit
        """;

    private const string LinesSql = """
        select c.id, c.source_line
          from connector.crm_changes c
          join connector.send_queue q on q.change_id = c.id
         where c.import_id = @id
         order by q.not_before, q.priority, c.id
         limit @limit
        """;

    public async Task<PlanEffect> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long importId, PlanResult plan, CancellationToken ct)
    {
        var counts = (await connection.QueryAsync<StatusCount>(new CommandDefinition(CountsSql, new { id = importId }, transaction, cancellationToken: ct))).ToList();
        int Sum(Func<StatusCount, bool> which) => counts.Where(which).Sum(c => c.Count);

        var rejected = (await connection.QueryAsync<PlanEffectRejection>(new CommandDefinition(RejectedSql, new { id = importId, limit = Shown }, transaction, cancellationToken: ct))).ToList();
        var lines = (await connection.QueryAsync<IdLine>(new CommandDefinition(LinesSql, new { id = importId, limit = Shown }, transaction, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.SourceLine);
        var calls = plan.Calls
            .Where(c => lines.ContainsKey(c.ChangeId))
            .Select(c => new PlanEffectCall(lines[c.ChangeId], c.Operation, c.Catalog, c.OpportunityId, c.Target, c.Reason, c.Deferred))
            .OrderBy(c => c.Line)
            .ToList();

        var total = plan.Calls.Count;
        return new PlanEffect(
            Calls: Sum(c => c.Queued),
            Deferred: Sum(c => c.Queued && c.Status == ChangeStatus.Deferred),
            Unchanged: Sum(c => c.Status == ChangeStatus.Unchanged),
            Superseded: Sum(c => c.Status == ChangeStatus.Superseded),
            Waiting: Sum(c => !c.Queued && c.Status == ChangeStatus.Pending),
            PlannerRejections: rejected,
            PlannerRejected: Sum(c => c.Status == ChangeStatus.Rejected),
            FirstCalls: calls,
            QueuedTotal: total,
            WritesUsedLast24Hours: plan.WritesUsedLast24Hours,
            WriteBudget: plan.WriteBudget,
            WritesPerSecond: api.Value.WritesPerSecond,
            EtaSeconds: BacklogEta.For(total, plan.WritesUsedLast24Hours, api.Value).TotalSeconds);
    }

    private sealed class StatusCount
    {
        public string Status { get; init; } = string.Empty;

        public bool Queued { get; init; }

        public int Count { get; init; }
    }

    private sealed class IdLine
    {
        public long Id { get; init; }

        public int? SourceLine { get; init; }
    }
}

/// <summary>The planner's preview of one import's rows, as it would run now against the ledger and the queue.</summary>
/// <param name="Calls">Calls the rows would cause (due now or deferred by the 24 h budget).</param>
/// <param name="Deferred">Of those, the ones beyond today's 24 h write budget.</param>
/// <param name="Unchanged">Rows Partner Central already has: no call.</param>
/// <param name="Superseded">Rows replaced by a later row for the same opportunity and entity: no call.</param>
/// <param name="Waiting">Rows left pending behind a call in flight for the same key.</param>
/// <param name="PlannerRejections">Rows the pre-flight API rules (or per-opportunity caps) would reject (the first 100).</param>
/// <param name="QueuedTotal">Every call queued after staging, these rows' and the ones already waiting.</param>
/// <param name="EtaSeconds">Time to send <paramref name="QueuedTotal"/> at the configured pace and budget.</param>
public sealed record PlanEffect(
    int Calls,
    int Deferred,
    int Unchanged,
    int Superseded,
    int Waiting,
    IReadOnlyList<PlanEffectRejection> PlannerRejections,
    int PlannerRejected,
    IReadOnlyList<PlanEffectCall> FirstCalls,
    int QueuedTotal,
    int WritesUsedLast24Hours,
    int WriteBudget,
    double WritesPerSecond,
    double EtaSeconds);

/// <summary>A row the planner would refuse, with the file line it came from (0 when not from a file).</summary>
public sealed record PlanEffectRejection(int Line, string? Message);

/// <summary>One call a row would cause, with the file line it came from.</summary>
public sealed record PlanEffectCall(int? Line, string Operation, string Catalog, string OpportunityId, string Target, string Reason, bool Deferred);
