using System.Globalization;
using System.Text.RegularExpressions;

namespace Connector.Operations;

/// <summary>The words of each alert, from facts alone (pure; unit-tested). Free text that comes from elsewhere (a
/// pause reason quoting the API) is scrubbed of email addresses and phone numbers and cut short.</summary>
public static partial class AlertText
{
    private const int MaxQuoted = 300;

    public static AlertEvent Paused(DateTime pausedAt, string reason, int waiting) => new(
        AlertKind.SyncPaused,
        $"{AlertKind.SyncPaused}:{Stamp(pausedAt)}",
        "Sync paused: Partner Central refused the connector's access",
        $"Every server stopped sending at {pausedAt:yyyy-MM-dd HH:mm:ss} UTC. Reason: {Scrub(reason)} {Changes(waiting)} waiting.",
        "Fix the AWS credentials or the IAM permissions for Partner Central, then run 'connector resume' or press 'Sync now' " +
        "on the dashboard's Sync page. Nothing is sent until then.",
        waiting);

    public static AlertEvent Resumed(string pausedKey, DateTime pausedAt, int waiting) => new(
        AlertKind.SyncResumed,
        $"{AlertKind.SyncResumed}:{pausedKey}",
        "Sync resumed",
        $"The pause since {pausedAt:yyyy-MM-dd HH:mm:ss} UTC was lifted; {Changes(waiting).ToLowerInvariant()} waiting to be sent.",
        "Nothing to do. Watch the dashboard's Sync page for new failures.",
        waiting);

    public static AlertEvent RunFailures(long runId, string trigger, int failed, int threshold, IReadOnlyList<(string ErrorType, int Count)> errors)
    {
        var top = errors.Count == 0
            ? string.Empty
            : " Errors: " + string.Join(", ", errors.Take(5).Select(e => $"{Identifier(e.ErrorType)} x{e.Count}")) + ".";
        return new AlertEvent(
            AlertKind.RunFailures,
            $"{AlertKind.RunFailures}:{runId}",
            $"Sync run #{runId} ended with {failed} failed change(s)",
            $"Run #{runId} ({Identifier(trigger)}) finished; {failed} of its changes failed (Alerts:FailureThreshold is {threshold}).{top}",
            "Open the dashboard's Sync page: the failures table says why each change failed. Fix the data in the CRM " +
            "(or in Partner Central), then press 'Retry failed' there or run 'connector retry'.",
            failed);
    }

    public static AlertEvent BudgetExhausted(long fillingAttemptId, int used, int budget, int waiting, DateTime? resumesAt) => new(
        AlertKind.BudgetExhausted,
        $"{AlertKind.BudgetExhausted}:{fillingAttemptId}",
        "Partner Central's 24 h write budget is used up with work left",
        $"{used} of {budget} writes were used in the last 24 hours; {Changes(waiting).ToLowerInvariant()} waiting." +
        (resumesAt is { } at ? $" Sending resumes by itself at {at:yyyy-MM-dd HH:mm} UTC." : string.Empty),
        "Nothing is lost: deferred work is sent as the budget frees up. If this happens every day, ask AWS for a higher " +
        "write quota (then raise PartnerCentral:WritesPer24Hours), or spread the CRM's changes over more days.",
        waiting);

    /// <summary>For the drift check (not built yet): <paramref name="checkId"/> names the check that found it.</summary>
    public static AlertEvent DriftFound(string checkId, int differences, string what) => new(
        AlertKind.DriftFound,
        $"{AlertKind.DriftFound}:{checkId}",
        $"Partner Central differs from the connector's ledger in {differences} place(s)",
        Scrub(what),
        "Review the differences on the dashboard's Sync page; the next full sync sends what the CRM wants.",
        differences);

    /// <summary>Email addresses and phone numbers become <c>[redacted]</c>; the text is cut to 300 characters.</summary>
    public static string Scrub(string text)
    {
        var scrubbed = Phone().Replace(Email().Replace(text, "[redacted]"), "[redacted]");
        scrubbed = Whitespace().Replace(scrubbed, " ").Trim();
        return scrubbed.Length <= MaxQuoted ? scrubbed : scrubbed[..MaxQuoted] + "…";
    }

    private static string Changes(int count) => count == 1 ? "1 change is" : $"{count.ToString(CultureInfo.InvariantCulture)} changes are";

    private static string Stamp(DateTime at) => at.ToString("yyyyMMddTHHmmss.ffffff", CultureInfo.InvariantCulture);

    // Error types and triggers are identifiers; anything else in their place is not shown.
    private static string Identifier(string value) => IdentifierPattern().IsMatch(value) ? value : "other";

    [GeneratedRegex(@"[^\s@<>(),;:""']+@[^\s@<>(),;:""']+")]
    private static partial Regex Email();

    // Seven or more digits, optionally with +, spaces, dots, dashes or brackets between them.
    [GeneratedRegex(@"(?<![\w])\+?\(?\d(?:[\s().-]{0,2}\d){6,}")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9._ -]{0,63}$")]
    private static partial Regex IdentifierPattern();
}
