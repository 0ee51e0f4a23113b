using Connector.Sync;
using Hangfire;

namespace Connector.Jobs;

/// <summary>Works one lane of the send queue. Re-enqueues itself while due work remains and wakes itself for
/// retries due soon; work due later (deferred by the 24 h budget) is picked up by the next scheduled sync.</summary>
public sealed class DrainJob(QueueDrainer drainer, IBackgroundJobClient jobs, TimeProvider time)
{
    private static readonly TimeSpan WakeUpHorizon = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan IdleRecheck = TimeSpan.FromSeconds(5);

    // Only database failures escape a drain (Partner Central errors are per-change outcomes): retry them.
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [2, 5, 10, 20, 30, 60, 60, 120, 300, 600])]
    [JobDisplayName("Send lane {0}")]
    public async Task RunAsync(int lane, CancellationToken cancellationToken)
    {
        var result = await drainer.DrainAsync(lane, cancellationToken);
        if (!result.Ran || result.NextDueAt is not { } nextDue)
        {
            return;
        }

        var wait = nextDue - time.GetUtcNow();
        // Due rows this lane could not claim are in other lanes' hands: look again shortly, never in a tight loop.
        var idle = result.Outcomes.Keys.All(outcome => outcome == SendOutcome.NoWork);
        if (idle)
        {
            wait = wait < IdleRecheck ? IdleRecheck : wait;
        }

        if (wait <= TimeSpan.FromSeconds(1))
        {
            jobs.Enqueue<DrainJob>(job => job.RunAsync(lane, CancellationToken.None));
        }
        else if (wait <= WakeUpHorizon)
        {
            jobs.Schedule<DrainJob>(job => job.RunAsync(lane, CancellationToken.None), wait);
        }
    }
}
