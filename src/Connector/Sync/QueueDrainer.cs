using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Works the send queue in one lane until it is empty, paused, or the slice is used. A lane is a
/// session advisory lock: whichever server's job holds it works it; a killed server's lock dies with its
/// connection, so the lane is free again at once.</summary>
public sealed partial class QueueDrainer(NpgsqlDataSource dataSource, ChangeSender sender, IOptions<SyncOptions> options, TimeProvider time, ILogger<QueueDrainer> logger)
{
    private const int LaneLockClass = 0x5043_4C4E; // "PCLN"

    private const string TryLockSql = "select pg_try_advisory_lock(@lockClass, @lane)";

    private const string UnlockSql = "select pg_advisory_unlock(@lockClass, @lane)";

    // A change that follows another queued one is due no earlier than that one.
    private const string NextDueSql = """
        select min(greatest(q.not_before, w.not_before)) from connector.send_queue q
          join connector.crm_changes c on c.id = q.change_id
          left join connector.send_queue w on w.change_id = c.after_change_id
        where not exists (select 1 from connector.pace p where p.paused_reason is not null)
        """;

    public async Task<DrainResult> DrainAsync(int lane, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<SendOutcome, int>();
        await using (var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var locked = await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition(TryLockSql, new { lockClass = LaneLockClass, lane }, cancellationToken: cancellationToken));
            if (!locked)
            {
                return new DrainResult(Ran: false, counts, null);
            }

            try
            {
                var until = time.GetUtcNow() + options.Value.DrainSlice;
                while (time.GetUtcNow() < until && !cancellationToken.IsCancellationRequested)
                {
                    var outcome = await sender.SendNextAsync(cancellationToken);
                    counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                    if (outcome is SendOutcome.NoWork or SendOutcome.Paused)
                    {
                        break;
                    }
                }
            }
            finally
            {
                // A pooled connection keeps its session (and a session lock) until reused: release explicitly.
                // A killed process needs no unlock: its connection, and so the lock, dies with it.
                await lockConnection.ExecuteAsync(new CommandDefinition(UnlockSql, new { lockClass = LaneLockClass, lane }, cancellationToken: CancellationToken.None));
            }

            LogDrained(lane, counts.GetValueOrDefault(SendOutcome.Sent), counts.GetValueOrDefault(SendOutcome.Failed), counts.GetValueOrDefault(SendOutcome.Retrying));
        }

        // Checked after the lock is released, so work queued while this lane was finishing is never stranded.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var nextDue = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(NextDueSql, cancellationToken: cancellationToken));
        return new DrainResult(Ran: true, counts, nextDue is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lane {Lane} drained: {Sent} sent, {Failed} failed, {Retrying} to retry")]
    private partial void LogDrained(int lane, int sent, int failed, int retrying);
}
