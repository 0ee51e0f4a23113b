using System.Globalization;
using Connector.Changes;
using Connector.Sync;

namespace Connector.Host.Hosting;

/// <summary>The human form of <c>status</c>.</summary>
public static class StatusPrinter
{
    /// <summary>What lifts a pause, wherever one is shown (status, sync).</summary>
    public const string PauseAdvice =
        "Nothing is lost: the changes stay queued. Fix the IAM policy or the credentials, then run 'connector resume' " +
        "(or 'connector sync', which lifts the pause and sends them now).";

    public static void Print(SyncStatus status, TextWriter output)
    {
        if (status.PausedReason is not null)
        {
            output.WriteLine($"!! SYNC PAUSED since {status.PausedAt:u}: {status.PausedReason}");
            output.WriteLine($"   {PauseAdvice}");
        }

        output.WriteLine($"Changes: {status.Count(ChangeStatus.Pending)} pending, {status.Count(ChangeStatus.Deferred)} deferred, {status.Count(ChangeStatus.Failed)} failed, " +
                         $"{status.Count(ChangeStatus.Synced)} synced, {status.Count(ChangeStatus.Unchanged)} unchanged, {status.Count(ChangeStatus.Superseded)} superseded, {status.Count(ChangeStatus.Rejected)} rejected");
        output.WriteLine($"API writes in the last 24 h: {status.WritesUsedLast24Hours} of {status.WriteBudget} ({Math.Max(status.WriteBudget - status.WritesUsedLast24Hours, 0)} left); pace {status.WritesPerSecond}/s");
        output.WriteLine($"Backlog: {status.Queued} call(s) queued, {status.QueuedDueNow} due now; ETA {(status.BacklogEta is { } eta ? eta.ToString("g", CultureInfo.InvariantCulture) : "none while paused")}");
        if (status.NextDeferredAt is { } next)
        {
            output.WriteLine($"Next deferred or retried change becomes due at {next:u}");
        }

        var ledger = status.Ledger;
        output.WriteLine($"Ledger: {ledger.KnownOpportunities} opportunities known, {ledger.VerifiedLast24Hours} verified with a read in the last 24 h; " +
                         (ledger.OldestFactAt is { } oldest ? $"oldest fact learned {DateTime.SpecifyKind(oldest, DateTimeKind.Utc):u}" : "no fact yet") +
                         $"; drift: {(ledger.DriftByKind.Count == 0 ? "none found" : string.Join(", ", ledger.DriftByKind.Select(d => $"{d.Value} {d.Key}")))}");
        foreach (var failure in status.Failures)
        {
            output.WriteLine($"Failed: {failure.Count} x {failure.ErrorType} — e.g. {failure.ExampleDetail}");
        }

        foreach (var run in status.LastRuns)
        {
            output.WriteLine($"Run {run.Id} ({run.Trigger}, {run.StartedAt:u}): {run.Queued} queued, {run.Synced} synced, {run.Failed} failed, {run.Open} open, " +
                             $"{run.Unchanged} unchanged, {run.Superseded} superseded, {run.Rejected} rejected, {run.Deferred} deferred");
        }
    }
}
