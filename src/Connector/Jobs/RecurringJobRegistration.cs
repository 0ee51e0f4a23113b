using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Jobs;

/// <summary>Registers the recurring jobs from configuration at start, and removes the ones set to
/// <see cref="ScheduleOptions.Off"/>. Recurring jobs live in the shared storage: a key that is empty on this server
/// leaves the job as it is.</summary>
public sealed partial class RecurringJobRegistration(IRecurringJobManager recurring, IOptions<ScheduleOptions> schedules, ILogger<RecurringJobRegistration> logger)
{
    public const string NightlyId = "nightly-full-sync";
    public const string IncrementalId = "incremental-sync";
    public const string DropFolderId = "drop-folder-poll";
    public const string ReconcileId = "reconcile";
    public const string SolutionRefreshId = "solution-refresh";

    public void Apply()
    {
        var options = schedules.Value;
        // Relaxed misfire handling: after downtime a missed sync runs once, not once per missed occurrence.
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed };
        Register(NightlyId, nameof(options.NightlyFullSync), options.NightlyFullSync, id => recurring.AddOrUpdate<SyncJob>(id, job => job.RunAsync("nightly", CancellationToken.None), options.NightlyFullSync.Trim(), utc));
        Register(IncrementalId, nameof(options.IncrementalSync), options.IncrementalSync, id => recurring.AddOrUpdate<SyncJob>(id, job => job.RunAsync("incremental", CancellationToken.None), options.IncrementalSync.Trim(), utc));
        Register(DropFolderId, nameof(options.DropFolderPoll), options.DropFolderPoll, id => recurring.AddOrUpdate<DropFolderJob>(id, job => job.PollAsync(CancellationToken.None), options.DropFolderPoll.Trim(), utc));
        Register(ReconcileId, nameof(options.Reconcile), options.Reconcile, id => recurring.AddOrUpdate<ReconcileJob>(id, job => job.RunAsync(CancellationToken.None), options.Reconcile.Trim(), utc));
        Register(SolutionRefreshId, nameof(options.SolutionRefresh), options.SolutionRefresh, id => recurring.AddOrUpdate<SolutionRefreshJob>(id, job => job.RunAsync(CancellationToken.None), options.SolutionRefresh.Trim(), utc));
    }

    private void Register(string id, string key, string? cron, Action<string> add)
    {
        if (ScheduleOptions.IsUnset(cron))
        {
            LogLeftAsIs(key, id);
        }
        else if (ScheduleOptions.IsOff(cron))
        {
            recurring.RemoveIfExists(id);
        }
        else
        {
            add(id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedules:{Key} is empty on this server: recurring job {JobId} is left as the other servers registered it (set it to 'off' to remove it)")]
    private partial void LogLeftAsIs(string key, string jobId);
}
