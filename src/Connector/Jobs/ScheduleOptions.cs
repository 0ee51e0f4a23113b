namespace Connector.Jobs;

/// <summary>Config section <c>Schedules</c>: cron expressions (UTC). <see cref="Off"/> (or <c>disabled</c>) removes
/// that recurring job; an empty value leaves it as the other servers registered it.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Schedules";

    /// <summary>The explicit value that disables a schedule. Recurring jobs are shared by every server, so only an
    /// explicit word may remove one: an empty value (an unset variable in one server's deployment file) must not.</summary>
    public const string Off = "off";

    public string NightlyFullSync { get; set; } = "0 2 * * *";

    public string IncrementalSync { get; set; } = "*/15 * * * *";

    public string DropFolderPoll { get; set; } = "* * * * *";

    public string Reconcile { get; set; } = "0 * * * *";

    public string SolutionRefresh { get; set; } = "30 * * * *";

    public static bool IsOff(string? value) =>
        value?.Trim() is { } trimmed && (trimmed.Equals(Off, StringComparison.OrdinalIgnoreCase) || trimmed.Equals("disabled", StringComparison.OrdinalIgnoreCase));

    public static bool IsUnset(string? value) => string.IsNullOrWhiteSpace(value);
}
