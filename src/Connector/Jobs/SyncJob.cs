using Connector.Sync;
using Hangfire;

namespace Connector.Jobs;

/// <summary>Entry point of every sync (nightly, incremental, dashboard trigger, CLI): plans, then starts the
/// lanes. A handful of lane jobs work the whole backlog, never one job per change.</summary>
public sealed class SyncJob(SyncService sync, AccountPacer pacer, IBackgroundJobClient jobs, Microsoft.Extensions.Options.IOptions<SyncOptions> options)
{
    /// <summary>Triggers a person starts; they also lift a pause caused by access or credential errors.</summary>
    public static readonly IReadOnlySet<string> ManualTriggers = new HashSet<string> { "manual", "cli", "retry", "resume", "demo", "reapply" };

    // Database hiccups retry the whole (idempotent) plan; Partner Central errors never reach here.
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [5, 15, 30, 60, 120])]
    [JobDisplayName("Sync ({0})")]
    public async Task RunAsync(string trigger, CancellationToken cancellationToken)
    {
        if (ManualTriggers.Contains(trigger))
        {
            await pacer.ResumeAsync(cancellationToken);
        }

        await sync.PlanAsync(trigger, cancellationToken);
        for (var lane = 0; lane < Math.Max(1, options.Value.Lanes); lane++)
        {
            var captured = lane;
            jobs.Enqueue<DrainJob>(job => job.RunAsync(captured, CancellationToken.None));
        }
    }
}
