using System.Globalization;
using System.Text;
using Connector.Sync;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard.Upload;

/// <summary>GET /sync/upload/{token}: what the uploaded file would do, before anything is staged: its kind, rows
/// accepted and rejected (line, column, rule), the calls it would cause, the no-ops, and the ETA at today's quota;
/// then Confirm or Cancel. Everything that came from the file is HTML-encoded.</summary>
public sealed class UploadPreviewView(string token) : RazorPage
{
    private const int CallsShown = 50;

    public override void Execute()
    {
        Layout = new LayoutPage("Upload preview");
        var upload = UploadRequestContext.For(Context);
        var html = new StringBuilder("<div class=\"row\"><div class=\"col-md-12\">");
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Url.To(SyncPage.Path)}\">&larr; Sync</a></p>");
        // Hangfire renders pages synchronously; there is no synchronization context to deadlock on.
        var found = IsReadOnly ? null : upload.FindOwnPreviewAsync(token).GetAwaiter().GetResult();
        if (found is not { Preview: var preview })
        {
            html.Append("<h1 class=\"page-header\">Upload preview</h1><div class=\"alert alert-warning\" id=\"upload-gone\">");
            html.Append(IsReadOnly
                ? "Your dashboard user is read-only: uploads need write rights."
                : "This upload is gone: it was confirmed, cancelled, or left unconfirmed for more than 6 hours. Upload the file again from the Sync page.");
            html.Append("</div></div></div>");
            WriteLiteral(html.ToString());
            return;
        }

        // The file name goes below the heading: the dashboard cuts long headings off with an ellipsis.
        html.Append("<h1 class=\"page-header\">Upload preview</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"word-break:break-all\"><strong>File:</strong> <span id=\"upload-name\">{HtmlEncode(preview.DisplayName)}</span></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"text-muted\">Uploaded by {HtmlEncode(preview.UploadedBy)} at {preview.UploadedAt:yyyy-MM-dd HH:mm:ss} UTC, {UploadReceiver.DescribeBytes(preview.Bytes)}. <strong>Nothing is staged until you confirm.</strong></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"text-muted\" style=\"word-break:break-all\">SHA-256: <code id=\"upload-sha256\">{HtmlEncode(preview.Sha256)}</code> (confirm stages these exact bytes)</p>");
        Summary(html, preview);
        Errors(html, preview);
        Effect(html, preview.Effect);
        Actions(html, preview);
        html.Append("</div></div>");
        WriteLiteral(html.ToString());
    }

    private static void Summary(StringBuilder html, UploadPreview preview)
    {
        var alert = preview.CanConfirm ? (preview.RowsRejected == 0 ? "alert-success" : "alert-warning") : "alert-danger";
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"alert {alert}\" id=\"upload-message\">{HtmlEncode(preview.Message)}</div>");
        html.Append("<table class=\"table table-condensed\" id=\"upload-summary\" style=\"width:auto\">");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Kind</th><td id=\"upload-kind\">{HtmlEncode(preview.Kind ?? "not recognised")}</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Rows accepted</th><td id=\"upload-accepted\">{preview.RowsAccepted}</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Rows rejected</th><td id=\"upload-rejected\">{preview.RowsRejected}</td></tr>");
        if (preview.IgnoredColumns.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>Ignored columns</th><td>{HtmlEncode(string.Join(", ", preview.IgnoredColumns))}</td></tr>");
        }

        html.Append("</table>");
    }

    private void Errors(StringBuilder html, UploadPreview preview)
    {
        if (preview.Errors.Count == 0)
        {
            return;
        }

        var title = preview.CanConfirm || preview.RowsRejected > 0 ? "Rejected rows (they will not be staged)" : "Why the file cannot be staged";
        html.Append(CultureInfo.InvariantCulture, $"<h3>{title}</h3>");
        if (preview.HasReport)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a class=\"btn btn-default btn-sm\" id=\"upload-report\" href=\"{Url.To(SyncPage.UploadPath + "/report")}?token={token}\">Download the row-error report (CSV)</a> <span class=\"text-muted\">every rejected row with its line, column, rule and original values.</span></p>");
        }

        html.Append("<table class=\"table table-condensed table-striped\" id=\"upload-errors\"><tr><th>Line</th><th>Column</th><th>Rule</th><th>Why</th></tr>");
        foreach (var error in preview.Errors)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{(error.Line > 0 ? error.Line.ToString(CultureInfo.InvariantCulture) : "file")}</td><td>{HtmlEncode(error.Field)}</td><td><code>{HtmlEncode(error.Code)}</code></td><td>{HtmlEncode(error.Message)}</td></tr>");
        }

        html.Append("</table>");
        if (preview.RowsRejected > preview.Errors.Count)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"text-muted\">Showing the first {preview.Errors.Count} errors; the report has them all.</p>");
        }
    }

    private static void Effect(StringBuilder html, PlanEffect? effect)
    {
        if (effect is null)
        {
            return;
        }

        html.Append("<h3>Effect on Partner Central if you confirm</h3>");
        html.Append("<table class=\"table table-condensed\" id=\"upload-effect\" style=\"width:auto\">");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>API calls it will cause</th><td id=\"upload-calls\">{effect.Calls}</td><td class=\"text-muted\">{(effect.Deferred > 0 ? $"{effect.Deferred} of them wait for the 24 h write budget" : "all within today's write budget")}</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>No-ops</th><td id=\"upload-unchanged\">{effect.Unchanged}</td><td class=\"text-muted\">Partner Central already has them: no call</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Superseded</th><td id=\"upload-superseded\">{effect.Superseded}</td><td class=\"text-muted\">a later row for the same opportunity and entity wins: no call</td></tr>");
        if (effect.Waiting > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>Waiting</th><td>{effect.Waiting}</td><td class=\"text-muted\">behind a call in flight for the same opportunity; planned on the next pass</td></tr>");
        }

        if (effect.PlannerRejected > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>Refused before sending</th><td id=\"upload-planner-rejected\">{effect.PlannerRejected}</td><td class=\"text-muted\">they break Partner Central's rules (listed below): staged as rejected, no call</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Time to send</th><td id=\"upload-eta\">{Eta(effect.EtaSeconds)}</td><td class=\"text-muted\">for all {effect.QueuedTotal} queued call(s), this file's and those already waiting, at {effect.WritesPerSecond} write(s)/s; {Math.Max(effect.WriteBudget - effect.WritesUsedLast24Hours, 0)} of {effect.WriteBudget} writes left in the rolling 24 h budget</td></tr>");
        html.Append("</table>");

        if (effect.PlannerRejections.Count > 0)
        {
            html.Append("<table class=\"table table-condensed\" id=\"upload-planner-rejections\"><tr><th>Line</th><th>Why it would be refused</th></tr>");
            foreach (var rejection in effect.PlannerRejections)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{rejection.Line}</td><td>{HtmlEncode(rejection.Message ?? string.Empty)}</td></tr>");
            }

            html.Append("</table>");
        }

        if (effect.FirstCalls.Count > 0)
        {
            html.Append("<table class=\"table table-condensed table-striped\" id=\"upload-planned\"><tr><th>Line</th><th>Call</th><th>Opportunity</th><th>Target</th><th>Why</th></tr>");
            foreach (var call in effect.FirstCalls.Take(CallsShown))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{call.Line}</td><td>{HtmlEncode(call.Operation)}{(call.Deferred ? " <span class=\"label label-warning\">deferred</span>" : string.Empty)}</td><td>{HtmlEncode(call.Catalog)}/{HtmlEncode(call.OpportunityId)}</td><td>{HtmlEncode(call.Target)}</td><td><small>{HtmlEncode(call.Reason)}</small></td></tr>");
            }

            html.Append("</table>");
            if (effect.Calls > Math.Min(CallsShown, effect.FirstCalls.Count))
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"text-muted\">Showing {Math.Min(CallsShown, effect.FirstCalls.Count)} of {effect.Calls} calls.</p>");
            }
        }
    }

    // A map's rows are not what gets staged: the changes it finds in the ledger are.
    private static string ConfirmWhat(UploadPreview preview) => preview.MigrationChanges is { } changes
        ? $"stage {changes} {(changes == 1 ? "change" : "changes")}"
        : $"stage {preview.RowsAccepted} {(preview.RowsAccepted == 1 ? "row" : "rows")}";

    private void Actions(StringBuilder html, UploadPreview preview)
    {
        html.Append("<div class=\"alert alert-danger\" id=\"sync-upload-error\" style=\"display:none\"></div><p>");
        if (preview.CanConfirm)
        {
            html.Append(CultureInfo.InvariantCulture, $"<button class=\"btn btn-primary\" id=\"upload-confirm\" data-upload-post=\"{Url.To(SyncPage.UploadPath + "/confirm")}?token={token}&amp;sha256={UrlEncode(preview.Sha256)}\">Confirm: {ConfirmWhat(preview)}</button> ");
        }

        html.Append(CultureInfo.InvariantCulture, $"<button class=\"btn btn-default\" id=\"upload-cancel\" data-upload-post=\"{Url.To(SyncPage.UploadPath + "/cancel")}?token={token}\">{(preview.CanConfirm ? "Cancel" : "Discard")}</button></p>");
    }

    private static string Eta(double seconds) => seconds switch
    {
        <= 0 => "nothing to send",
        < 60 => $"{Math.Max(1, Math.Ceiling(seconds))} s",
        < 86_400 => $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60)} min",
        _ => $"{(int)(seconds / 86_400)} d {(int)(seconds % 86_400 / 3600)} h",
    };
}
