using Connector.Sync;

namespace Connector.Host.Hosting;

/// <summary>The closing lines of a foreground sync, and its exit code per the contract.</summary>
public static class RunSummary
{
    public static void Print(RunProgress run, TextWriter output)
    {
        output.WriteLine($"Sync run {run.RunId}: {run.Synced} synced, {run.Unchanged} unchanged, {run.Superseded} superseded, " +
                         $"{run.Rejected} rejected, {run.Failed} failed, {run.Deferred} deferred, {run.Pending} waiting to retry.");
        // A paused sync sends nothing at any time: no eligible-at beside the pause.
        if (run.Deferred > 0 && run.PausedReason is null && run.NextDeferredAt is { } at)
        {
            output.WriteLine($"Deferred changes wait for the 24 h write budget or an AWS review of their opportunity ('connector changes --status deferred' says which); the next is due at {at:yyyy-MM-dd HH:mm:ss}Z and is sent by the next scheduled sync.");
        }

        if (run.PausedReason is not null)
        {
            output.WriteLine($"SYNC PAUSED: {run.PausedReason}");
            output.WriteLine(StatusPrinter.PauseAdvice);
        }

        if (run.Failed + run.Rejected > 0)
        {
            output.WriteLine("See 'connector status' or the dashboard's Sync page for each failure; 'connector retry --all-failed' requeues them.");
        }
    }

    /// <summary>0: every attempted change succeeded or was a no-op; 1: some failed or were rejected;
    /// 2: the sync paused on access or credentials (a configuration problem).</summary>
    public static int ExitCode(RunProgress run) => run.PausedReason is not null ? 2 : run.Failed + run.Rejected > 0 ? 1 : 0;
}
