using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Pacing for the whole partner account, across every server and process: one row in
/// <c>connector.pace</c>, locked for the instant of a reservation. A reservation inserts the attempt row itself,
/// so the 24 h budget counts every write that may have reached Partner Central, crashed ones included.</summary>
public sealed class AccountPacer(NpgsqlDataSource dataSource, IOptions<PartnerCentralOptions> apiOptions, IOptions<SyncOptions> syncOptions)
{
    private const string LockPaceSql = """
        select next_write_slot as NextWriteSlot, next_read_slot as NextReadSlot, throttle_streak as ThrottleStreak,
               paused_reason as PausedReason, clock_timestamp() as Now
          from connector.pace where id = 1 for update
        """;

    private const string WritesInWindowSql = """
        select count(*)::int from connector.attempts where is_write and slot_at > clock_timestamp() - interval '24 hours'
        """;

    // The moment the oldest writes beyond the budget leave the rolling window.
    private const string BudgetFreesAtSql = """
        select slot_at + interval '24 hours' from connector.attempts
         where is_write and slot_at > clock_timestamp() - interval '24 hours'
         order by slot_at offset @skip limit 1
        """;

    private const string AdvanceWriteSql = "update connector.pace set next_write_slot = @next where id = 1";

    private const string AdvanceReadSql = "update connector.pace set next_read_slot = @next where id = 1";

    private const string InsertAttemptSql = """
        insert into connector.attempts (change_id, run_id, operation, is_write, catalog, opportunity_id, slot_at, server)
        values (@changeId, @runId, @operation, @isWrite, @catalog, @opportunityId, @slot, @server)
        returning id
        """;

    private const string ThrottledSql = """
        update connector.pace
           set throttle_streak = least(throttle_streak + 1, 6),
               next_write_slot = greatest(next_write_slot, clock_timestamp()) + @pause
         where id = 1
        """;

    private const string RecoveredSql = "update connector.pace set throttle_streak = 0 where id = 1 and throttle_streak > 0";

    // The last gate before a call: at least the minimum gap since the last call any server actually made.
    // On refusal it says how long until the gap is met (the CTE's select sees the row as it was before the update).
    private const string ConfirmWriteSql = """
        with confirmed as (
            update connector.pace set last_write_at = clock_timestamp()
             where id = 1 and (last_write_at is null or last_write_at <= clock_timestamp() - @minGap)
            returning 1)
        select case when exists (select 1 from confirmed) then null
                    else greatest(extract(epoch from (p.last_write_at + @minGap - clock_timestamp()))::float8, 0.0001) end
          from connector.pace p where p.id = 1
        """;

    private const string ConfirmReadSql = """
        with confirmed as (
            update connector.pace set last_read_at = clock_timestamp()
             where id = 1 and (last_read_at is null or last_read_at <= clock_timestamp() - @minGap)
            returning 1)
        select case when exists (select 1 from confirmed) then null
                    else greatest(extract(epoch from (p.last_read_at + @minGap - clock_timestamp()))::float8, 0.0001) end
          from connector.pace p where p.id = 1
        """;

    // Only a call that was never sent may give its slot back.
    private const string ReleaseSql = "delete from connector.attempts where id = @attemptId and outcome = 'sending'";

    private const string PauseSql = "update connector.pace set paused_reason = @reason, paused_at = now() where id = 1";

    private const string ResumeSql = "update connector.pace set paused_reason = null, paused_at = null where id = 1 and paused_reason is not null";

    /// <summary>Reserves the next write slot for a call, or says when the budget allows one, or that the sync is paused.</summary>
    public async Task<SlotReservation> ReserveWriteAsync(CallIdentity call, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pace = await connection.QuerySingleAsync<PaceRow>(new CommandDefinition(LockPaceSql, transaction: transaction, cancellationToken: cancellationToken));
        if (pace.PausedReason is not null)
        {
            return SlotReservation.Paused(pace.PausedReason);
        }

        var budget = apiOptions.Value.WritesPer24Hours;
        var used = await connection.ExecuteScalarAsync<int>(new CommandDefinition(WritesInWindowSql, transaction: transaction, cancellationToken: cancellationToken));
        if (used >= budget)
        {
            var freesAt = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                BudgetFreesAtSql, new { skip = used - budget }, transaction, cancellationToken: cancellationToken));
            return SlotReservation.Deferred(Utc(freesAt ?? pace.Now.AddHours(24)));
        }

        var slot = Utc(Max(pace.NextWriteSlot, pace.Now));
        var spacing = WriteSpacing(pace.ThrottleStreak);
        await connection.ExecuteAsync(new CommandDefinition(AdvanceWriteSql, new { next = slot + spacing }, transaction, cancellationToken: cancellationToken));
        var attemptId = await InsertAttemptAsync(connection, transaction, call, isWrite: true, slot, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SlotReservation.Granted(slot, attemptId);
    }

    /// <summary>Reserves a read slot (GetOpportunity: 10/s). Reads have their own quota and never defer.</summary>
    public async Task<SlotReservation> ReserveReadAsync(CallIdentity call, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pace = await connection.QuerySingleAsync<PaceRow>(new CommandDefinition(LockPaceSql, transaction: transaction, cancellationToken: cancellationToken));
        if (pace.PausedReason is not null)
        {
            return SlotReservation.Paused(pace.PausedReason);
        }

        var slot = Utc(Max(pace.NextReadSlot, pace.Now));
        var spacing = TimeSpan.FromSeconds(1 / apiOptions.Value.ReadsPerSecond * (1 + syncOptions.Value.PaceSafetyMargin));
        await connection.ExecuteAsync(new CommandDefinition(AdvanceReadSql, new { next = slot + spacing }, transaction, cancellationToken: cancellationToken));
        var attemptId = await InsertAttemptAsync(connection, transaction, call, isWrite: false, slot, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SlotReservation.Granted(slot, attemptId);
    }

    /// <summary>Gives back a reserved slot whose call was not sent (its moment passed): the attempt row goes, so
    /// the budget does not count a write that never happened.</summary>
    public async Task ReleaseAsync(long attemptId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { attemptId }, cancellationToken: cancellationToken));
    }

    /// <summary>Confirms, at the moment of sending, that the previous call of this kind (by any server) left at
    /// least 1/rate × (1 + margin/2) ago. Slots are spaced 1/rate × (1 + margin); a call woken late (GC pause, cold
    /// start) could otherwise crowd the next one, so any N+1 confirmed calls span more than one second.</summary>
    public async Task<bool> ConfirmSendAsync(bool isWrite, CancellationToken cancellationToken) =>
        await TryConfirmSendAsync(isWrite, cancellationToken) is null;

    /// <summary>As <see cref="ConfirmSendAsync"/>; when refused, returns how long until the gap would be met
    /// (null = confirmed, the call may go now).</summary>
    public async Task<TimeSpan?> TryConfirmSendAsync(bool isWrite, CancellationToken cancellationToken)
    {
        var api = apiOptions.Value;
        var rate = isWrite ? api.WritesPerSecond : api.ReadsPerSecond;
        var minGap = TimeSpan.FromSeconds(1 / rate * (1 + syncOptions.Value.PaceSafetyMargin / 2));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var wait = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(isWrite ? ConfirmWriteSql : ConfirmReadSql, new { minGap }, cancellationToken: cancellationToken));
        return wait is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>The normal gap between two slots of this kind (no throttling): 1/rate × (1 + margin).</summary>
    public TimeSpan Spacing(bool isWrite)
    {
        var api = apiOptions.Value;
        return TimeSpan.FromSeconds(1 / (isWrite ? api.WritesPerSecond : api.ReadsPerSecond) * (1 + syncOptions.Value.PaceSafetyMargin));
    }

    /// <summary>Someone else shares the quota: every server slows down together (the spacing doubles per
    /// throttle in a row, up to 64×) and the next write waits <paramref name="pause"/>.</summary>
    public async Task ThrottledAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ThrottledSql, new { pause }, cancellationToken: cancellationToken));
    }

    public async Task RecoveredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(RecoveredSql, cancellationToken: cancellationToken));
    }

    /// <summary>Stops every server's sends (access denied, bad credentials) until <see cref="ResumeAsync"/>.</summary>
    public async Task PauseAsync(string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(PauseSql, new { reason }, cancellationToken: cancellationToken));
    }

    public async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(ResumeSql, cancellationToken: cancellationToken)) > 0;
    }

    private TimeSpan WriteSpacing(int throttleStreak)
    {
        var seconds = 1 / apiOptions.Value.WritesPerSecond * (1 + syncOptions.Value.PaceSafetyMargin);
        return TimeSpan.FromSeconds(seconds * Math.Pow(2, Math.Min(throttleStreak, 6)));
    }

    private static Task<long> InsertAttemptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CallIdentity call, bool isWrite, DateTimeOffset slot, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertAttemptSql, new
        {
            changeId = call.ChangeId,
            runId = call.RunId,
            operation = call.Operation,
            isWrite,
            catalog = call.Catalog,
            opportunityId = call.OpportunityId,
            slot,
            server = Environment.MachineName + ":" + Environment.ProcessId,
        }, transaction, cancellationToken: cancellationToken));

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class PaceRow
    {
        // Npgsql reads timestamptz as a UTC DateTime; Dapper maps that, not DateTimeOffset.
        public DateTime NextWriteSlot { get; init; }

        public DateTime NextReadSlot { get; init; }

        public int ThrottleStreak { get; init; }

        public string? PausedReason { get; init; }

        public DateTime Now { get; init; }
    }
}
