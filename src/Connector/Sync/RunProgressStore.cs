using Connector.Changes;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Reads a run's progress for the foreground <c>sync</c> and <c>demo</c>.</summary>
public sealed class RunProgressStore(NpgsqlDataSource dataSource, IOptions<SyncOptions> options)
{
    private const string LatestRunSql = "select coalesce(max(id), 0) from connector.sync_runs";

    private const string RunAfterSql = "select min(id) from connector.sync_runs where id > @after and trigger = @trigger";

    private const string ProgressSql = $$"""
        select r.id as run_id, r.planned_at is not null as planned,
               tally.synced, tally.unchanged, tally.superseded, tally.rejected, tally.failed, tally.deferred, tally.pending,
               (select count(*) from connector.send_queue q join connector.crm_changes w on w.id = q.change_id
                 where w.status <> '{{ChangeStatus.Deferred}}' and q.not_found_attempts = 0 and q.not_before <= now() + @horizon) as waiting,
               (select paused_reason from connector.pace where id = 1) as paused_reason,
               (select min(not_before) from connector.send_queue where not_before > now()) as next_deferred_at
          from connector.sync_runs r
          {{RunTally.Lateral}}
         where r.id = @runId
        """;

    public async Task<long> LatestRunIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(LatestRunSql, cancellationToken: cancellationToken));
    }

    public async Task<long?> RunAfterAsync(long after, string trigger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(RunAfterSql, new { after, trigger }, cancellationToken: cancellationToken));
    }

    public async Task<RunProgress> ReadAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<RunProgress>(new CommandDefinition(ProgressSql,
            new { runId, horizon = options.Value.TransientMaxDelay }, cancellationToken: cancellationToken));
    }
}
