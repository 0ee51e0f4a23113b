using Connector.Changes;
using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Operations;

/// <summary>Turns the account's state in Postgres into alert events: a pause set or lifted, a run settled with failures
/// above the threshold, the 24 h budget used up with work left. Whichever server looks first records an event, under a
/// transaction-scoped advisory lock and a unique key, with one delivery row per webhook that wants it - so each event
/// is recorded, and sent, once however many servers look.</summary>
public sealed partial class AlertDetector(NpgsqlDataSource dataSource, IOptions<AlertOptions> options, IOptions<PartnerCentralOptions> apiOptions, ILogger<AlertDetector> logger)
{
    private const int LockClass = 0x5043_414C; // "PCAL"

    private const string TryLockSql = "select pg_try_advisory_xact_lock(@lockClass, 1)";

    private const string StateSql = """
        select p.paused_reason, p.paused_at,
               (select count(*)::int from connector.send_queue) as queued,
               (select min(not_before) from connector.send_queue where not_before > now()) as next_due_at,
               (select count(*)::int from connector.attempts where is_write and slot_at > clock_timestamp() - interval '24 hours') as writes_used
          from connector.pace p where p.id = 1
        """;

    private const string OpenEventsSql = """
        select id, kind, event_key, occurred_at
          from connector.alert_events where resolved_at is null and kind = any(@kinds)
        """;

    private const string ResolveSql = "update connector.alert_events set resolved_at = now() where id = @id";

    // The write that used the budget's last slot in the current window: it names this exhaustion.
    private const string FillingWriteSql = """
        select id from connector.attempts
         where is_write and slot_at > clock_timestamp() - interval '24 hours'
         order by slot_at, id offset @skip limit 1
        """;

    // Runs whose changes are all settled (none open, none queued) with more failures than the threshold, not yet told.
    // Runs started in the last 3 days only: each look re-reads their changes (a deferred run takes a day per 10,000 writes).
    private const string SettledRunsSql = $$"""
        select r.id, r.trigger, count(*) filter (where c.status = '{{ChangeStatus.Failed}}')::int as failed
          from connector.sync_runs r
          join connector.crm_changes c on c.run_id = r.id
         where r.planned_at is not null and r.started_at > now() - interval '3 days'
           and not exists (select 1 from connector.alert_events e where e.event_key = @keyPrefix || r.id::text)
           and not exists (select 1 from connector.send_queue q where q.run_id = r.id)
         group by r.id, r.trigger
        having count(*) filter (where c.status in ('{{ChangeStatus.Pending}}', '{{ChangeStatus.Deferred}}')) = 0
           and count(*) filter (where c.status = '{{ChangeStatus.Failed}}') > @threshold
         order by r.id
        """;

    // A failed change's error type is its own column (crm_changes.error_type, migration 0003), as the API named it.
    private const string RunErrorsSql = $$"""
        select coalesce(error_type, 'unknown') as error_type, count(*)::int as count
          from connector.crm_changes
         where run_id = @runId and status = '{{ChangeStatus.Failed}}'
         group by 1
         order by 2 desc, 1
        """;

    private const string InsertEventSql = """
        insert into connector.alert_events (kind, event_key, title, body, action, changes, detected_by)
        values (@Kind, @Key, @Title, @Body, @Action, @Changes, @server)
        on conflict (event_key) do nothing
        returning id
        """;

    private const string InsertDeliverySql = "insert into connector.alert_deliveries (event_id, webhook, target) values (@eventId, @webhook, @target)";

    /// <summary>Looks once; returns the events recorded (none when another server is looking at this moment).</summary>
    public async Task<IReadOnlyList<AlertEvent>> DetectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(TryLockSql, new { lockClass = LockClass }, transaction, cancellationToken: cancellationToken)))
        {
            return [];
        }

        var raised = new List<AlertEvent>();
        var state = await connection.QuerySingleAsync<StateRow>(new CommandDefinition(StateSql, transaction: transaction, cancellationToken: cancellationToken));
        var open = (await connection.QueryAsync<OpenEventRow>(new CommandDefinition(OpenEventsSql,
            new { kinds = new[] { AlertKind.SyncPaused, AlertKind.BudgetExhausted } }, transaction, cancellationToken: cancellationToken))).ToList();

        await PauseAsync(connection, transaction, state, open.Where(e => e.Kind == AlertKind.SyncPaused).ToList(), raised, cancellationToken);
        await BudgetAsync(connection, transaction, state, open.FirstOrDefault(e => e.Kind == AlertKind.BudgetExhausted), raised, cancellationToken);
        await RunsAsync(connection, transaction, raised, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        foreach (var alert in raised)
        {
            LogRaised(alert.Kind, alert.Key, alert.Changes);
        }

        return raised;
    }

    /// <summary>Records an event found elsewhere (the drift check) with its deliveries; false when its key was already recorded.</summary>
    public async Task<bool> RaiseAsync(AlertEvent alert, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = await InsertAsync(connection, transaction, alert, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (recorded)
        {
            LogRaised(alert.Kind, alert.Key, alert.Changes);
        }

        return recorded;
    }

    // One pause is one event while paused_reason stays set: AccountPacer.PauseAsync stamps paused_at again each time a
    // call in flight meets the same refusal, which must not read as "lifted and paused again".
    private async Task PauseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StateRow state, List<OpenEventRow> openPauses, List<AlertEvent> raised, CancellationToken cancellationToken)
    {
        if (state.PausedReason is null)
        {
            foreach (var pause in openPauses)
            {
                await connection.ExecuteAsync(new CommandDefinition(ResolveSql, new { id = pause.Id }, transaction, cancellationToken: cancellationToken));
                await RecordAsync(connection, transaction, AlertText.Resumed(pause.EventKey, pause.OccurredAt, state.Queued), raised, cancellationToken);
            }
        }
        else if (openPauses.Count == 0)
        {
            await RecordAsync(connection, transaction, AlertText.Paused(state.PausedAt ?? DateTime.UtcNow, state.PausedReason, state.Queued), raised, cancellationToken);
        }
    }

    private async Task BudgetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StateRow state, OpenEventRow? open, List<AlertEvent> raised, CancellationToken cancellationToken)
    {
        var budget = apiOptions.Value.WritesPer24Hours;
        var exhausted = state.WritesUsed >= budget && state.Queued > 0;
        if (!exhausted)
        {
            if (open is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(ResolveSql, new { id = open.Id }, transaction, cancellationToken: cancellationToken));
            }

            return;
        }

        if (open is null)
        {
            var filling = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(FillingWriteSql, new { skip = Math.Max(budget - 1, 0) }, transaction, cancellationToken: cancellationToken)) ?? 0;
            await RecordAsync(connection, transaction, AlertText.BudgetExhausted(filling, state.WritesUsed, budget, state.Queued, state.NextDueAt), raised, cancellationToken);
        }
    }

    private async Task RunsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<AlertEvent> raised, CancellationToken cancellationToken)
    {
        var threshold = Math.Max(0, options.Value.FailureThreshold);
        var runs = await connection.QueryAsync<RunRow>(new CommandDefinition(SettledRunsSql,
            new { keyPrefix = AlertKind.RunFailures + ":", threshold }, transaction, cancellationToken: cancellationToken));
        foreach (var run in runs)
        {
            var errors = (await connection.QueryAsync<(string ErrorType, int Count)>(new CommandDefinition(RunErrorsSql, new { runId = run.Id }, transaction, cancellationToken: cancellationToken))).ToList();
            await RecordAsync(connection, transaction, AlertText.RunFailures(run.Id, run.Trigger, run.Failed, threshold, errors), raised, cancellationToken);
        }
    }

    private async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AlertEvent alert, List<AlertEvent> raised, CancellationToken cancellationToken)
    {
        if (await InsertAsync(connection, transaction, alert, cancellationToken))
        {
            raised.Add(alert);
        }
    }

    private async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AlertEvent alert, CancellationToken cancellationToken)
    {
        var eventId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(InsertEventSql, new
        {
            alert.Kind,
            alert.Key,
            alert.Title,
            alert.Body,
            alert.Action,
            alert.Changes,
            server = Environment.MachineName + ":" + Environment.ProcessId,
        }, transaction, cancellationToken: cancellationToken));
        if (eventId is not { } id)
        {
            return false;
        }

        var webhooks = options.Value.Webhooks;
        for (var webhook = 0; webhook < webhooks.Count; webhook++)
        {
            if (!string.IsNullOrWhiteSpace(webhooks[webhook].Url) && webhooks[webhook].Wants(alert.Kind))
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertDeliverySql,
                    new { eventId = id, webhook, target = webhooks[webhook].Target }, transaction, cancellationToken: cancellationToken));
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} raised ({Key}, {Changes} change(s))")]
    private partial void LogRaised(string kind, string key, int changes);

    private sealed class StateRow
    {
        public string? PausedReason { get; init; }

        public DateTime? PausedAt { get; init; }

        public int Queued { get; init; }

        public DateTime? NextDueAt { get; init; }

        public int WritesUsed { get; init; }
    }

    private sealed class OpenEventRow
    {
        public long Id { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string EventKey { get; init; } = string.Empty;

        public DateTime OccurredAt { get; init; }
    }

    private sealed class RunRow
    {
        public long Id { get; init; }

        public string Trigger { get; init; } = string.Empty;

        public int Failed { get; init; }
    }
}
