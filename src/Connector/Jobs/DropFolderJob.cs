using Connector.Sources;
using Hangfire;

namespace Connector.Jobs;

/// <summary>Imports the CSV files dropped in <c>Sources:CsvDropFolder</c>; when rows were staged, plans them at once
/// instead of waiting for the next incremental sync.</summary>
public sealed class DropFolderJob(DropFolderPoller poller, IBackgroundJobClient jobs)
{
    // Two servers polling together is safe (files are claimed by an atomic rename), but pointless.
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    // The next poll is the retry. A failed poll is deleted, not left Failed: the schedule would otherwise pile up one
    // Failed job a minute for as long as the folder is unreachable. Hangfire logs the exception as a warning and the
    // Deleted job keeps it (dashboard, Deleted jobs) until it expires.
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("Poll the CSV drop folder")]
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        var results = await poller.PollAsync(cancellationToken);
        if (results.Any(r => r.Result.RowsAccepted > 0 && r.Result.Outcome is not ImportOutcome.AlreadyImported))
        {
            jobs.Enqueue<SyncJob>(job => job.RunAsync("drop-folder", CancellationToken.None));
        }
    }
}
