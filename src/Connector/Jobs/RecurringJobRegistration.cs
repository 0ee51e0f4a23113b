using Hangfire;
using Microsoft.Extensions.Options;

namespace Connector.Jobs;

/// <summary>Registers the recurring jobs from configuration at start, and removes the ones no longer configured.</summary>
public sealed class RecurringJobRegistration(IRecurringJobManager recurring, IOptions<ScheduleOptions> schedules)
{
    public const string NightlyId = "nightly-full-sync";
    public const string IncrementalId = "incremental-sync";
    public const string DropFolderId = "drop-folder-poll";

    public void Apply()
    {
        var options = schedules.Value;
        // Relaxed misfire handling: after downtime a missed sync runs once, not once per missed occurrence.
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed };
        Register(NightlyId, options.NightlyFullSync, id => recurring.AddOrUpdate<SyncJob>(id, job => job.RunAsync("nightly", CancellationToken.None), options.NightlyFullSync, utc));
        Register(IncrementalId, options.IncrementalSync, id => recurring.AddOrUpdate<SyncJob>(id, job => job.RunAsync("incremental", CancellationToken.None), options.IncrementalSync, utc));
        Register(DropFolderId, options.DropFolderPoll, id => recurring.AddOrUpdate<DropFolderJob>(id, job => job.PollAsync(CancellationToken.None), options.DropFolderPoll, utc));
    }

    private void Register(string id, string? cron, Action<string> add)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            recurring.RemoveIfExists(id);
        }
        else
        {
            add(id);
        }
    }
}
