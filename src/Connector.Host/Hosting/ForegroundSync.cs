using Connector.Jobs;
using Connector.PartnerCentral;
using Connector.Sync;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace Connector.Host.Hosting;

/// <summary>Runs one sync through the same Hangfire jobs as the schedules and waits, showing sent / remaining /
/// ETA, until every due change was attempted (or the budget defers the rest, or the sync pauses).</summary>
public static class ForegroundSync
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan DatabaseOutageTolerance = TimeSpan.FromMinutes(5);

    /// <param name="plain">Progress as plain lines even on a terminal: log lines on stderr (--verbose) would tear a
    /// line that is redrawn in place.</param>
    public static async Task<RunProgress> RunAsync(IServiceProvider services, string trigger, CancellationToken cancellationToken, bool plain = false)
    {
        var progress = services.GetRequiredService<RunProgressStore>();
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        var before = await progress.LatestRunIdAsync(cancellationToken);
        var jobId = jobs.Enqueue<SyncJob>(job => job.RunAsync(trigger, CancellationToken.None));
        var runId = await WaitForRunAsync(services, progress, before, trigger, jobId, cancellationToken);
        var pace = services.GetRequiredService<IOptions<PartnerCentralOptions>>().Value;

        // A pipe or a file gets plain lines (every 10 s); a terminal one progress line, redrawn in place.
        if (plain || Console.IsOutputRedirected)
        {
            return await WaitPlainAsync(progress, runId, pace, cancellationToken);
        }

        RunProgress last = await ReadAsync(progress, runId, cancellationToken);
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("sending", maxValue: Math.Max(1, last.Waiting));
                while (true)
                {
                    last = await ReadAsync(progress, runId, cancellationToken);
                    var done = last.Synced + last.Failed;
                    task.MaxValue = Math.Max(1, done + last.Waiting);
                    task.Value = done;
                    task.Description = $"sent {done}, remaining {last.Waiting}, ETA {Eta(last.Waiting, pace):hh\\:mm\\:ss}";
                    if (IsFinished(last))
                    {
                        task.Value = task.MaxValue;
                        return;
                    }

                    await Task.Delay(Poll, cancellationToken);
                }
            });
        return last;
    }

    public static bool IsFinished(RunProgress progress) => progress.Planned && (progress.Waiting == 0 || progress.PausedReason is not null);

    private static async Task<RunProgress> WaitPlainAsync(RunProgressStore progress, long runId, PartnerCentralOptions pace, CancellationToken cancellationToken)
    {
        var lastPrint = DateTimeOffset.MinValue;
        while (true)
        {
            var current = await ReadAsync(progress, runId, cancellationToken);
            if (IsFinished(current))
            {
                return current;
            }

            if (DateTimeOffset.UtcNow - lastPrint > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"sent {current.Synced + current.Failed}, remaining {current.Waiting}, ETA {Eta(current.Waiting, pace):hh\\:mm\\:ss}");
                lastPrint = DateTimeOffset.UtcNow;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    // The planning job may retry on database errors; if Hangfire gives up on it, so do we.
    private static async Task<long> WaitForRunAsync(IServiceProvider services, RunProgressStore progress, long before, string trigger, string jobId, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<JobStorage>();
        while (true)
        {
            if (await progress.RunAfterAsync(before, trigger, cancellationToken) is { } runId)
            {
                var current = await progress.ReadAsync(runId, cancellationToken);
                if (current.Planned)
                {
                    return runId;
                }
            }

            using (var connection = storage.GetConnection())
            {
                var state = connection.GetStateData(jobId);
                if (state?.Name == FailedState.StateName)
                {
                    throw new InvalidOperationException($"the sync job failed: {state.Reason}");
                }
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    // The database may restart under a long sync: keep watching (the jobs themselves retry) for a while.
    private static async Task<RunProgress> ReadAsync(RunProgressStore progress, long runId, CancellationToken cancellationToken)
    {
        var giveUp = DateTimeOffset.UtcNow + DatabaseOutageTolerance;
        while (true)
        {
            try
            {
                return await progress.ReadAsync(runId, cancellationToken);
            }
            catch (NpgsqlException error) when (error.IsTransient && DateTimeOffset.UtcNow < giveUp)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static TimeSpan Eta(long writes, PartnerCentralOptions pace) => TimeSpan.FromSeconds(writes / pace.WritesPerSecond);
}
