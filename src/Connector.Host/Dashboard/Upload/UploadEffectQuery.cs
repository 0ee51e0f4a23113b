using Connector.PartnerCentral;
using Connector.Sync;
using Dapper;
using Npgsql;

namespace Connector.Host.Dashboard.Upload;

/// <summary>Reads, inside the dry run's transaction after the planner's preview pass, what became of the upload's
/// rows (<c>crm_changes.import_id</c>): queued, deferred, no-op, superseded, rejected or waiting.</summary>
internal static class UploadEffectQuery
{
    private const int Shown = 100;

    private const string CountsSql = """
        select c.status as Status, (q.change_id is not null) as Queued, count(*)::int as Count
          from connector.crm_changes c
          left join connector.send_queue q on q.change_id = c.id
         where c.import_id = @id
         group by 1, 2
        """;

    private const string RejectedSql = """
        select coalesce(source_line, 0) as Line, status_detail as Detail
          from connector.crm_changes
         where import_id = @id and status = 'rejected'
         order by source_line, id
         limit @limit
        """;

    private const string LinesSql = """
        select c.id as Id, c.source_line as Line
          from connector.crm_changes c
          join connector.send_queue q on q.change_id = c.id
         where c.import_id = @id
         order by q.not_before, q.priority, c.id
         limit @limit
        """;

    public static async Task<UploadEffect> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long importId, PlanResult plan, PartnerCentralOptions api, CancellationToken ct)
    {
        var counts = (await connection.QueryAsync<StatusCount>(new CommandDefinition(CountsSql, new { id = importId }, transaction, cancellationToken: ct))).ToList();
        int Sum(Func<StatusCount, bool> which) => counts.Where(which).Sum(c => c.Count);

        var rejected = (await connection.QueryAsync<LineDetail>(new CommandDefinition(RejectedSql, new { id = importId, limit = Shown }, transaction, cancellationToken: ct)))
            .Select(r => new UploadRowError(r.Line, "(row)", "API_RULE", r.Detail ?? string.Empty))
            .ToList();
        var lines = (await connection.QueryAsync<IdLine>(new CommandDefinition(LinesSql, new { id = importId, limit = Shown }, transaction, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.Line);
        var calls = plan.Calls
            .Where(c => lines.ContainsKey(c.ChangeId))
            .Select(c => new UploadPlannedCall(lines[c.ChangeId], c.Operation, c.Catalog, c.OpportunityId, c.Target, c.Reason, c.Deferred))
            .OrderBy(c => c.Line)
            .ToList();

        var total = plan.Calls.Count;
        return new UploadEffect(
            Calls: Sum(c => c.Queued),
            Deferred: Sum(c => c.Queued && c.Status == "deferred"),
            Unchanged: Sum(c => c.Status == "unchanged"),
            Superseded: Sum(c => c.Status == "superseded"),
            Waiting: Sum(c => !c.Queued && c.Status == "pending"),
            PlannerRejections: rejected,
            PlannerRejected: Sum(c => c.Status == "rejected"),
            FirstCalls: calls,
            QueuedTotal: total,
            WritesUsedLast24Hours: plan.WritesUsedLast24Hours,
            WriteBudget: plan.WriteBudget,
            WritesPerSecond: api.WritesPerSecond,
            EtaSeconds: BacklogEta.For(total, plan.WritesUsedLast24Hours, api).TotalSeconds);
    }

    private sealed record StatusCount(string Status, bool Queued, int Count);

    private sealed record LineDetail(int Line, string? Detail);

    private sealed record IdLine(long Id, int? Line);
}
