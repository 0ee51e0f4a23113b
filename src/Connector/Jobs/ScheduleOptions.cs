namespace Connector.Jobs;

/// <summary>Config section <c>Schedules</c>: cron expressions (UTC). An empty value removes that recurring job.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Schedules";

    public string NightlyFullSync { get; set; } = "0 2 * * *";

    public string IncrementalSync { get; set; } = "*/15 * * * *";

    public string DropFolderPoll { get; set; } = "* * * * *";
}
