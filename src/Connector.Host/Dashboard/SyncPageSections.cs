using Connector.Changes;
using System.Globalization;
using System.Text;
using Connector.Host.Dashboard.Upload;
using Connector.Ledger;
using Connector.Sources;
using Connector.Sync;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's sections, in words sales ops use: what is waiting, what failed and why (with retry), how
/// much of today's Partner Central quota is used, when deferred work resumes, and how the last runs went. Rendered
/// for the page and, the live parts only, for <see cref="SyncPage.LivePath"/>, so both show the same (and redact the
/// same for read-only users).</summary>
internal sealed class SyncPageSections(DashboardContext context, UrlHelper url)
{
    public const string StatusPart = "sync-part-status";
    public const string FailuresPart = "sync-part-failures";
    public const string DriftPart = "sync-part-drift";
    public const string ImportsPart = "sync-part-imports";
    public const string RunsPart = "sync-part-runs";

    private const int FailedShown = 50;
    private const int ImportsShown = 10;

    private bool IsReadOnly => context.IsReadOnly;

    private UrlHelper Url => url;

    /// <summary>The parts that change while the sync works, each as HTML, and whether a run is still sending.</summary>
    public SyncPageLive Live()
    {
        var services = context.GetHttpContext().RequestServices;
        var store = services.GetRequiredService<StatusStore>();
        // Hangfire renders pages synchronously; there is no synchronization context to deadlock on.
        var status = store.ReadAsync(runs: 10, CancellationToken.None).GetAwaiter().GetResult();
        var failed = store.ReadFailedAsync(FailedShown, CancellationToken.None).GetAwaiter().GetResult();
        var recent = services.GetRequiredService<RecentImportsStore>().ReadAsync(ImportsShown, CancellationToken.None).GetAwaiter().GetResult();
        var parts = new Dictionary<string, string>();
        var html = new StringBuilder();
        Paused(html, status);
        Backlog(html, status, Url.To(SyncPage.ChangesPath));
        Quota(html, status);
        Running(html, status);
        parts[StatusPart] = Take(html);
        Failures(html, status, failed);
        var waiting = SyncPageWaiting.Lists
            .Where(list => status.Count(list.Status) > 0)
            .ToDictionary(list => list.Status, list => store.ReadByStatusAsync(list.Status, SyncPageWaiting.Shown, CancellationToken.None).GetAwaiter().GetResult());
        SyncPageWaiting.Render(html, status, waiting, Shown, changeId => ChangeView.Link(Url, changeId));
        parts[FailuresPart] = Take(html);
        var (drift, reapplicable) = status.Ledger.DriftByKind.Count == 0
            ? ([], 0)
            : services.GetRequiredService<DriftStore>().ReadLatestAsync(SyncPageDrift.Shown, CancellationToken.None).GetAwaiter().GetResult();
        SyncPageDrift.Render(html, status, drift, reapplicable, IsReadOnly ? null : Url.To(SyncPage.Path + "/reapply"), Shown);
        parts[DriftPart] = Take(html);
        var spool = IsReadOnly ? null : UploadRequestContext.For(context).Spool;
        SyncPageImports.Recent(html, recent, Url.To(SyncPage.ChangesPath), import => spool is not null && File.Exists(spool.ImportReportPath(import.Id))
            ? $"{Url.To(SyncPage.Path + "/import-report")}?id={import.Id}"
            : null);
        parts[ImportsPart] = Take(html);
        Runs(html, status);
        parts[RunsPart] = Take(html);
        // A paused sync sends nothing, however much is open: nothing to watch until someone acts.
        var running = status.PausedReason is null && status.LastRuns.FirstOrDefault() is { Open: > 0 };
        return new SyncPageLive(running, parts, status);
    }

    private static string Take(StringBuilder html)
    {
        var text = html.ToString();
        html.Clear();
        return text;
    }

    public void Header(StringBuilder html, SyncStatus status)
    {
        html.Append("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Sync with Partner Central</h1>");
        if (!IsReadOnly)
        {
            html.Append(CultureInfo.InvariantCulture, $"<button class=\"btn btn-primary btn-sm\" id=\"sync-trigger\" data-ajax=\"{Url.To(SyncPage.Path + "/trigger")}\">Sync now</button> ");
            html.Append("<a class=\"btn btn-default btn-sm\" id=\"sync-upload-link\" href=\"#sync-upload\">Upload CSV</a> ");
        }

        html.Append(CultureInfo.InvariantCulture, $"<span class=\"text-muted\">Pace {status.WritesPerSecond} write/s for the whole account.</span></div></div>");
    }

    /// <summary>An error message as this user may see it: contact details hidden from read-only users.</summary>
    private string Shown(string? detail) => IsReadOnly ? ContactRedaction.Redact(detail) : detail ?? string.Empty;

    private void Paused(StringBuilder html, SyncStatus status)
    {
        if (status.PausedReason is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"alert alert-danger\" id=\"sync-paused\"><strong>Sync paused since {status.PausedAt:u}.</strong> {HtmlEncode(Shown(status.PausedReason))}</div>");
        }
    }

    private static void Backlog(StringBuilder html, SyncStatus status, string changesUrl)
    {
        html.Append("<h3>Changes by status</h3><table class=\"table table-condensed\" id=\"sync-backlog\"><tr>");
        var meanings = new (string Status, string Meaning)[]
        {
            (ChangeStatus.Pending, "waiting to be sent (or to be retried)"),
            (ChangeStatus.Deferred, "waiting for the 24 h write budget"),
            (ChangeStatus.Failed, "Partner Central refused it, or retries ran out"),
            (ChangeStatus.Synced, "sent and confirmed"),
            (ChangeStatus.Unchanged, "Partner Central already had it: no call"),
            (ChangeStatus.Superseded, "replaced by a later change before sending"),
            (ChangeStatus.Rejected, "invalid: fix it in the CRM (no call)"),
        };
        foreach (var (name, meaning) in meanings)
        {
            var alarm = name == ChangeStatus.Failed && status.Count(name) > 0 ? " class=\"text-danger\"" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<td title=\"{meaning}\"{alarm}><div class=\"metric\"><a href=\"{changesUrl}?status={name}\"><strong style=\"font-size:1.6em\" data-status=\"{name}\">{status.Count(name)}</strong></a><br/>{name}<br/><small class=\"text-muted\">{meaning}</small></div></td>");
        }

        html.Append("</tr></table>");
        if (status.NextDeferredAt is { } next)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"sync-deferred\">Deferred or retrying work resumes at <strong>{next:u}</strong>, without anyone acting.</p>");
        }
    }

    private static void Quota(StringBuilder html, SyncStatus status)
    {
        var used = status.WritesUsedLast24Hours;
        var percent = status.WriteBudget == 0 ? 0 : Math.Min(100, used * 100 / status.WriteBudget);
        html.Append("<h3>Partner Central write budget (rolling 24 h, whole account)</h3>");
        // The numbers sit outside the bar: inside a nearly empty bar they would be invisible.
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"progress\" id=\"sync-budget\" style=\"margin-bottom:5px\"><div class=\"progress-bar{(percent >= 90 ? " progress-bar-danger" : string.Empty)}\" style=\"width:{percent}%\"></div></div>");
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{used}</strong> of {status.WriteBudget} writes used, {Math.Max(status.WriteBudget - used, 0)} left. {status.Queued} call(s) queued, {status.QueuedDueNow} due now; estimated time to clear the backlog: <strong>{(status.PausedReason is null ? Eta(status.BacklogEta) : "none while paused")}</strong>.</p>");
    }

    private static void Running(StringBuilder html, SyncStatus status)
    {
        if (status.LastRuns.FirstOrDefault() is not { } run)
        {
            return;
        }

        var total = run.Synced + run.Failed + run.Open;
        html.Append(CultureInfo.InvariantCulture, $"<h3>Latest run #{run.Id} ({HtmlEncode(run.Trigger)}, started {run.StartedAt:u})</h3>");
        if (total == 0)
        {
            html.Append("<p id=\"sync-progress\" class=\"text-muted\">Nothing to send in this run.</p>");
            return;
        }

        // Failures in red, not folded into one green "sent" bar: a run that failed must not look done and fine.
        html.Append("<div class=\"progress\" id=\"sync-progress\" style=\"margin-bottom:5px\">");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"progress-bar progress-bar-success\" style=\"width:{run.Synced * 100.0 / total:0.##}%\"></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"progress-bar progress-bar-danger\" style=\"width:{run.Failed * 100.0 / total:0.##}%\"></div></div>");
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"sync-progress-text\">{run.Synced} synced, {(run.Failed > 0 ? $"<span class=\"text-danger\"><strong>{run.Failed} failed</strong></span>" : "0 failed")}, {run.Open} still to send (of {total}).</p>");
    }

    private void Failures(StringBuilder html, SyncStatus status, IReadOnlyList<FailedChange> failed)
    {
        html.Append("<h3>Failed changes</h3>");
        if (status.Failures.Count == 0)
        {
            html.Append("<p id=\"sync-no-failures\">No failed changes.</p>");
            return;
        }

        html.Append("<table class=\"table table-striped\" id=\"sync-failure-groups\"><tr><th>Error</th><th>Changes</th><th>Example</th><th></th></tr>");
        foreach (var group in status.Failures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><strong>{HtmlEncode(group.ErrorType)}</strong><br/><small>{HtmlEncode(Advice(group.ErrorType))}</small></td><td>{group.Count}</td><td><small>{HtmlEncode(Shown(group.ExampleDetail))}</small></td><td>");
            if (!IsReadOnly)
            {
                html.Append(CultureInfo.InvariantCulture, $"<button class=\"btn btn-default btn-sm\" data-ajax=\"{Url.To(SyncPage.Path + "/retry")}?errorType={UrlEncode(group.ErrorType)}\" data-confirm=\"Retry all {group.Count} change(s) that failed with {HtmlEncode(group.ErrorType)}?\">Retry these</button>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
        if (!IsReadOnly)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><button class=\"btn btn-warning btn-sm\" id=\"sync-retry-all\" data-ajax=\"{Url.To(SyncPage.Path + "/retry")}?all=true\" data-confirm=\"Retry every failed change?\">Retry all failed</button></p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<table class=\"table table-condensed\" id=\"sync-failed\"><tr><th>Change</th><th>Opportunity</th><th>What</th><th>Why it failed</th><th>When</th><th></th></tr>");
        foreach (var change in failed)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-change-id=\"{change.Id}\"><td><a href=\"{ChangeView.Link(Url, change.Id)}\">#{change.Id}</a></td><td>{HtmlEncode(change.Catalog)}/{HtmlEncode(change.OpportunityId)}</td><td>{HtmlEncode(change.ChangeType)} {HtmlEncode(change.Target ?? string.Empty)}</td><td><small>{HtmlEncode(Shown(change.Detail))}</small></td><td>{change.ProcessedAt:u}</td><td>");
            if (!IsReadOnly)
            {
                html.Append(CultureInfo.InvariantCulture, $"<button class=\"btn btn-default btn-xs sync-retry-one\" data-ajax=\"{Url.To(SyncPage.Path + "/retry")}?id={change.Id}\">Retry</button>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
        if (status.Count(ChangeStatus.Failed) > failed.Count)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"text-muted\">Showing the latest {failed.Count} of {status.Count(ChangeStatus.Failed)}; 'connector status' lists the groups.</p>");
        }
    }

    private static void Runs(StringBuilder html, SyncStatus status)
    {
        html.Append("<h3>Last runs</h3><table class=\"table table-condensed\" id=\"sync-runs\"><tr><th>Run</th><th>Trigger</th><th>Started</th><th>Queued</th><th>Synced</th><th>Failed</th><th>Open</th><th>Unchanged</th><th>Superseded</th><th>Rejected</th><th>Deferred</th></tr>");
        foreach (var run in status.LastRuns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>#{run.Id}</td><td>{HtmlEncode(run.Trigger)}</td><td>{run.StartedAt:u}</td><td>{run.Queued}</td><td>{run.Synced}</td><td>{run.Failed}</td><td>{run.Open}</td><td>{run.Unchanged}</td><td>{run.Superseded}</td><td>{run.Rejected}</td><td>{run.Deferred}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string Eta(TimeSpan? eta) => eta switch
    {
        null => "unknown",
        { TotalSeconds: < 1 } => "nothing to send",
        { TotalDays: >= 1 } e => $"{(int)e.TotalDays} d {e.Hours} h",
        { } e => $"{(int)e.TotalHours} h {e.Minutes} min {e.Seconds} s",
    };

    private static string Advice(string errorType) => errorType switch
    {
        "ValidationException" => "Partner Central refused the values: fix them in the CRM, then retry.",
        "ResourceNotFoundException" => "The opportunity (or entity) is unknown in that catalog, even after waiting.",
        "AccessDeniedException" => "IAM or account linkage: check the policy and the partner account.",
        "ThrottlingException" or "InternalServerException" or "TransientError" => "Partner Central was busy or failing; retries ran out.",
        _ => "See the message; retry when the cause is fixed.",
    };
}
