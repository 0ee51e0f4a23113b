using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Pacing for the whole partner account, across every server and process: one row in
/// <c>connector.pace</c>, locked for the instant of a reservation. A reservation inserts the attempt row itself,
/// so the 24 h budget counts every write that may have reached Partner Central, crashed ones included.</summary>
public sealed partial class AccountPacer(NpgsqlDataSource dataSource, IOptions<PartnerCentralOptions> apiOptions, IOptions<SyncOptions> syncOptions, TimeProvider time, ILogger<AccountPacer> logger)
{
    // The moment the oldest writes beyond the budget leave the rolling window.
    private const string BudgetFreesAtSql = """
        select slot_at + interval '24 hours' from connector.attempts
         where is_write and slot_at > clock_timestamp() - interval '24 hours'
         order by slot_at offset @skip limit 1
        """;

    // A reservation is one statement, one round trip, the pace row locked for that statement only: read the pace of
    // this kind of call (reads never slow down, so their streak is 0), refuse when paused or (writes) when the 24 h
    // budget is used, else take the slot - no earlier than the next free one, now, and one spacing after the last call
    // of this kind actually left - advance the pace past it and record the attempt. The spacing is the one formula,
    // 1/rate x (1 + margin) x 2^streak (@spacing is the first two factors).
    private const string ReserveSql = """
        with pace as (
            select case when @isWrite then next_write_slot else next_read_slot end as next_slot,
                   case when @isWrite then last_write_at else last_read_at end as last_sent_at,
                   case when @isWrite then throttle_streak else 0 end as throttle_streak,
                   paused_reason, clock_timestamp() as now
              from connector.pace where id = 1 for update),
        used as (
            select case when @isWrite then (select count(*)::int from connector.attempts
                                             where is_write and slot_at > clock_timestamp() - interval '24 hours') else 0 end as writes),
        slot as (
            select greatest(p.next_slot, p.now, p.last_sent_at + spacing) as at, spacing
              from pace p, used u, lateral (select @spacing * power(2, least(greatest(p.throttle_streak, 0), 6)) as spacing) s
             where p.paused_reason is null and u.writes < @budget),
        advance as (
            update connector.pace
               set next_write_slot = case when @isWrite then s.at + s.spacing else next_write_slot end,
                   next_read_slot = case when @isWrite then next_read_slot else s.at + s.spacing end
              from slot s
             where id = 1),
        attempt as (
            insert into connector.attempts (change_id, run_id, operation, is_write, catalog, opportunity_id, slot_at, server)
            select @changeId, @runId, @operation, @isWrite, @catalog, @opportunityId, s.at, @server from slot s
            returning id, slot_at)
        select p.paused_reason, u.writes, p.throttle_streak, a.id as attempt_id, a.slot_at
          from pace p cross join used u left join attempt a on true
        """;

    private const string ThrottledSql = """
        update connector.pace
           set throttle_streak = least(throttle_streak + 1, 6),
               next_write_slot = greatest(next_write_slot, clock_timestamp()) + @pause
         where id = 1
        """;

    // Recovery is gradual: each accepted write halves the slowdown once more (a no-op, and no row lock, at full pace).
    private const string RecoveredSql = "update connector.pace set throttle_streak = throttle_streak - 1 where id = 1 and throttle_streak > 0";

    // The last gate before a call: at least 1/rate (plus half the margin) since the last call any server actually
    // made (measured from that call's confirm, so no two calls of a kind ever leave closer than the quota allows), and
    // fewer than the quota's calls answered - or possibly still on their way - within the last window. A call's finish
    // time is taken after its answer arrived, so it is no earlier than the moment the service counted it: however calls
    // bunch up between the gate and the service (a stalled process or service, a slow network), the service never
    // sees more than the quota in any window. A call that passed the gate (sent_at) but has no finish time counts
    // until its request timeout has passed; a slot reserved but never confirmed (its server died waiting) never counts.
    // Writes also need the previous write answered 1/rate ago (an unanswered one counts for @unanswered, not the whole
    // timeout: a server killed mid-call would otherwise stop every write for the timeout). One statement for both
    // kinds of call (@isWrite picks the pace column and the attempts counted). The gap is checked in the update's own
    // where clause, so concurrent confirms see each other's last call under the row lock.
    private const string ConfirmSql = """
        with gate as (
            update connector.pace
               set last_write_at = case when @isWrite then clock_timestamp() else last_write_at end,
                   last_read_at = case when @isWrite then last_read_at else clock_timestamp() end
             where id = 1
               and coalesce(case when @isWrite then last_write_at else last_read_at end, '-infinity') <= clock_timestamp() - @minGap
               and (select count(*) from connector.attempts a
                     where a.is_write = @isWrite and a.id <> @attemptId and a.sent_at is not null
                       and a.slot_at > clock_timestamp() - @window - @timeout
                       and coalesce(a.finished_at, a.sent_at + @timeout) > clock_timestamp() - @window) < @limit
               and not (@isWrite and exists (select 1 from connector.attempts a
                     where a.is_write and a.id <> @attemptId and a.sent_at is not null
                       and a.slot_at > clock_timestamp() - @gap - @timeout
                       and coalesce(a.finished_at, a.sent_at + @unanswered) > clock_timestamp() - @gap))
            returning 1),
        sent as (
            update connector.attempts set sent_at = clock_timestamp() where id = @attemptId and exists (select 1 from gate)
            returning 1)
        select exists (select 1 from sent) as open,
               coalesce(extract(epoch from greatest(
                   case when @isWrite then p.last_write_at else p.last_read_at end + @minGap,
                   (select max(a.finished_at) + @gap from connector.attempts a
                     where @isWrite and a.is_write and a.id <> @attemptId
                       and a.slot_at > clock_timestamp() - @gap - @timeout)) - clock_timestamp()), 0)::float8 as wait_seconds
          from connector.pace p where p.id = 1
        """;

    // Only a call that was never sent may give its slot back.
    private const string ReleaseSql = "delete from connector.attempts where id = @attemptId and outcome = 'sending'";

    private const string PauseSql = "update connector.pace set paused_reason = @reason, paused_at = now() where id = 1";

    // The subquery's row is the one before the update: the reason lifted, read and cleared in one statement.
    private const string ResumeSql = """
        update connector.pace pace set paused_reason = null, paused_at = null
        from (select paused_reason from connector.pace where id = 1 for update) lifted
        where pace.id = 1 and lifted.paused_reason is not null
        returning lifted.paused_reason
        """;

    // How long a write without an answer holds back the next one. A request reaches the service within
    // milliseconds, a cold connection's within a few hundred; one still unanswered after this is stalled or its
    // server died, and the quota's window (which counts it for the whole request timeout) still holds the quota.
    private static readonly TimeSpan UnansweredWrite = TimeSpan.FromSeconds(2);

    /// <summary>Acquires a slot end to end, for a write or a read alike: reserves one (writes only within the 24 h
    /// budget), waits for it, and confirms at the last moment that no call of its kind left less than 1/rate ago (for
    /// a write: that the previous write was answered at least 1/rate ago) and that the quota's window has room. A gate
    /// that opens after the slot (the call before went late, or its answer was slow) costs no slot: the call waits
    /// exactly until it opens. Only when a call is still unanswered or the window is full beyond one spacing past the
    /// slot does it give the slot back and queue for a new one. A slot that is not sent - refused, cancelled, or any failure before the gate opened - is always given back, so
    /// the budget never counts it and no later claim mistakes its attempt row for a call of unknown outcome.</summary>
    public async Task<SlotReservation> AcquireAsync(CallIdentity call, bool isWrite, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = await ReserveAsync(call, isWrite, cancellationToken);
            if (slot.Status != SlotStatus.Granted)
            {
                return slot;
            }

            var open = false;
            try
            {
                open = await WaitForGateAsync(slot, isWrite, cancellationToken);
            }
            finally
            {
                if (!open)
                {
                    // Not the caller's token: a cancelled call must still give its slot back.
                    await ReleaseAsync(slot.AttemptId, CancellationToken.None);
                }
            }

            if (open)
            {
                return slot;
            }

            LogLateSlot(call.Operation, (long)(time.GetUtcNow() - slot.At).TotalMilliseconds);
        }
    }

    /// <summary>Gives back a granted slot whose call is not made after all (the change was settled at the last
    /// moment): the budget does not count it.</summary>
    public Task GiveBackAsync(SlotReservation slot, CancellationToken cancellationToken) => ReleaseAsync(slot.AttemptId, cancellationToken);

    /// <summary>Someone else shares the quota: every server slows down together (the spacing doubles per
    /// throttle in a row, up to 64×) and the next write waits <paramref name="pause"/>.</summary>
    public async Task ThrottledAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ThrottledSql, new { pause }, cancellationToken: cancellationToken));
    }

    /// <summary>A write was accepted: one step back towards the configured pace. Only called when the write's
    /// reservation saw a slowdown (<see cref="SlotReservation.Slowed"/>), so full pace costs no extra round trip.</summary>
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

    /// <summary>Lifts the pause; returns the reason it had, or null when the sync was not paused.</summary>
    public async Task<string?> ResumeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(ResumeSql, cancellationToken: cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Operation} {LateMs} ms after its slot, another call still unanswered or the window full; queued for a new slot")]
    private partial void LogLateSlot(string operation, long lateMs);

    // Reserves the next slot of this kind: paused, or (writes only) deferred until the 24 h budget frees one, or a
    // moment no earlier than one spacing after the last call of this kind actually left. That last condition only
    // binds after a quiet spell or a late call: it keeps the gate from refusing a slot reserved too close behind.
    private async Task<SlotReservation> ReserveAsync(CallIdentity call, bool isWrite, CancellationToken cancellationToken)
    {
        var budget = apiOptions.Value.WritesPer24Hours;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var reserved = await connection.QuerySingleAsync<ReserveRow>(new CommandDefinition(ReserveSql, new
        {
            isWrite,
            spacing = Spacing(isWrite, throttleStreak: 0),
            budget = isWrite ? budget : int.MaxValue,
            changeId = call.ChangeId,
            runId = call.RunId,
            operation = call.Operation,
            catalog = call.Catalog,
            opportunityId = call.OpportunityId,
            server = Environment.MachineName + ":" + Environment.ProcessId,
        }, cancellationToken: cancellationToken));
        if (reserved.PausedReason is not null)
        {
            return SlotReservation.Paused(reserved.PausedReason);
        }

        if (reserved.AttemptId is not { } attemptId || reserved.SlotAt is not { } slotAt)
        {
            // The budget is used: when do the oldest writes beyond it leave the window (rare, so a second query).
            var freesAt = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                BudgetFreesAtSql, new { skip = Math.Max(reserved.Writes - budget, 0) }, cancellationToken: cancellationToken));
            return SlotReservation.Deferred(Utc(freesAt ?? time.GetUtcNow().UtcDateTime.AddHours(24)));
        }

        return SlotReservation.Granted(Utc(slotAt), attemptId, slowed: reserved.ThrottleStreak > 0);
    }

    // Waits for the slot's moment, then for the gate. Refused with a time to wait (the previous call left, or was
    // answered, less than 1/rate ago), the call waits exactly that and keeps its slot however late it gets: giving the
    // slot back would not let any other call leave sooner, it would leave the gate idle until the next slot's moment.
    // Refused without one (a call still unanswered, the window full), it looks again shortly for up to one spacing
    // past its slot. False: give the slot back and queue for a new one.
    private async Task<bool> WaitForGateAsync(SlotReservation slot, bool isWrite, CancellationToken cancellationToken)
    {
        var wait = slot.At - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        var spacing = Spacing(isWrite, throttleStreak: 0);
        var lookAgainAtMost = TimeSpan.FromMilliseconds(Math.Clamp(spacing.TotalMilliseconds / 20, 2, 25));
        // The previous write is usually answered and committed within a millisecond or two of being refused for it:
        // look again after 1 ms, then twice as long each time up to the cap, so the gate opens close to its moment.
        var lookAgain = TimeSpan.FromMilliseconds(1);
        var latest = slot.At + spacing;
        while (true)
        {
            var (open, gap) = await ConfirmSendAsync(isWrite, slot.AttemptId, cancellationToken);
            if (open)
            {
                return true;
            }

            if (gap <= TimeSpan.Zero && time.GetUtcNow() + lookAgain > latest)
            {
                return false;
            }

            await Task.Delay(gap > TimeSpan.Zero ? gap : lookAgain, time, cancellationToken);
            lookAgain = gap > TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : Min(lookAgain * 2, lookAgainAtMost);
        }
    }

    // Confirms, at the moment of sending the call reserved as attemptId, that the previous call of this kind (by any
    // server) left at least 1/rate (plus half the margin) ago, and that the quota's window has room: N calls answered
    // or in flight (5/s is 5 in any second; below 1/s, 1 in 1/rate seconds). An answer comes after the service counted
    // its call, so the window holds even when calls bunch up on their way (a cold first connection, a stall after the
    // gate, on either side). A write also leaves only once the previous write was answered 1/rate ago, so no two
    // writes reach the service closer than 1/rate whatever it counts (a sliding window, a token bucket of one, a
    // minimum gap); it costs the answer's latency where that exceeds the margin. Not for reads: a read's answer is
    // committed with the change it reconciles, so one read waiting for its change's write slot would hold every other
    // read back. Refused, it says how long until the gap is met (zero when a call is still in flight, or the window
    // is full).
    private async Task<(bool Open, TimeSpan Gap)> ConfirmSendAsync(bool isWrite, long attemptId, CancellationToken cancellationToken)
    {
        var api = apiOptions.Value;
        var rate = isWrite ? api.WritesPerSecond : api.ReadsPerSecond;
        // At least 1/rate; half the margin on top keeps some room for jitter on the way to the service even when
        // this gate is what paces (the call before went late), and still lets a late call's successors catch up.
        var minGap = TimeSpan.FromSeconds(1 / rate * (1 + syncOptions.Value.PaceSafetyMargin / 2));
        var gap = TimeSpan.FromSeconds(1 / rate);
        var limit = Math.Max(1, (int)Math.Floor(rate));
        var window = TimeSpan.FromSeconds(limit / rate);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, api.RequestTimeoutSeconds));
        var unanswered = timeout < UnansweredWrite ? timeout : UnansweredWrite;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var gate = await connection.QuerySingleAsync<GateRow>(new CommandDefinition(ConfirmSql,
            new { isWrite, minGap, gap, attemptId, window, timeout, limit, unanswered }, cancellationToken: cancellationToken));
        return (gate.Open, gate.Open ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(gate.WaitSeconds, 0)));
    }

    // Gives back a reserved slot whose call was not sent: the attempt row goes, so the budget does not count a write
    // that never happened and the next claim of the change sees no attempt of unknown outcome.
    private async Task ReleaseAsync(long attemptId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { attemptId }, cancellationToken: cancellationToken));
    }

    // The one spacing formula: 1/rate × (1 + margin) × 2^streak (writes; reads never slow down, streak 0).
    private TimeSpan Spacing(bool isWrite, int throttleStreak)
    {
        var rate = isWrite ? apiOptions.Value.WritesPerSecond : apiOptions.Value.ReadsPerSecond;
        return TimeSpan.FromSeconds(1 / rate * (1 + syncOptions.Value.PaceSafetyMargin) * Math.Pow(2, Math.Clamp(throttleStreak, 0, 6)));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class GateRow
    {
        public bool Open { get; init; }

        public double WaitSeconds { get; init; }
    }

    private sealed class ReserveRow
    {
        public string? PausedReason { get; init; }

        public int Writes { get; init; }

        public int ThrottleStreak { get; init; }

        public long? AttemptId { get; init; }

        // Npgsql reads timestamptz as a UTC DateTime; Dapper maps that, not DateTimeOffset.
        public DateTime? SlotAt { get; init; }
    }
}
