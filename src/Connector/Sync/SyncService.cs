using System.Diagnostics;
using Connector.Operations;
using Connector.Solutions;
using Dapper;
using Npgsql;

namespace Connector.Sync;

/// <summary>One sync run: records it, plans every pending change in one transaction, and counts the outcome.</summary>
/// <param name="metrics">Plan duration and outcomes; optional so a test can build the service alone.</param>
/// <param name="solutions">Lists the account's solutions again before a plan that meets one it does not know.</param>
public sealed class SyncService(NpgsqlDataSource dataSource, SyncPlanner planner, ConnectorMetrics? metrics = null, SolutionCache? solutions = null)
{
    private const string StartRunSql = "insert into connector.sync_runs (trigger, server) values (@trigger, @server) returning id";

    private const string PlannedSql = """
        update connector.sync_runs
           set planned_at = now(), superseded = @Superseded, unchanged = @Unchanged, rejected = @Rejected,
               queued = @Queued, deferred = @Deferred
         where id = @RunId
        """;

    public async Task<PlanResult> PlanAsync(string trigger, CancellationToken cancellationToken)
    {
        // Reads, before the plan's transaction: a pending associate names a solution the last list does not have.
        if (solutions is not null)
        {
            await solutions.RefreshWhereUnknownAsync(cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The run row commits with its plan or not at all: a plan that fails (and is retried by Hangfire) leaves no
        // run behind that a foreground sync would wait for forever.
        var runId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(StartRunSql,
            new { trigger, server = Environment.MachineName + ":" + Environment.ProcessId }, transaction, cancellationToken: cancellationToken));
        var result = await planner.PlanAsync(connection, transaction, runId, preview: false, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(PlannedSql, result, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        metrics?.RecordPlan(Stopwatch.GetElapsedTime(started), result);
        return result;
    }

    /// <summary>The plan as it would be now, every call with its reason; nothing is written.</summary>
    public async Task<PlanResult> PreviewAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await planner.PlanAsync(connection, transaction, runId: 0, preview: true, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return result;
    }
}
