using System.Globalization;
using System.Text;
using Connector.Changes;
using Connector.Host.Dashboard.Upload;
using Connector.Sources;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's file sections: the upload form (write rights only) and the recent imports with what
/// became of their rows. File names and messages come from users: all HTML-encoded.</summary>
internal static class SyncPageImports
{
    private static readonly string[] StatusOrder =
        [ChangeStatus.Pending, ChangeStatus.Deferred, ChangeStatus.Failed, ChangeStatus.Synced, ChangeStatus.Unchanged, ChangeStatus.Superseded, ChangeStatus.Rejected];

    public static void Confirmed(StringBuilder html, RecentImport? import)
    {
        if (import is null)
        {
            return;
        }

        var style = import.IsProcessed ? "alert-success" : "alert-warning";
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"alert {style}\" id=\"sync-import-message\">{HtmlEncode(import.Detail ?? $"Import #{import.Id}")}</div>");
    }

    public static void UploadForm(StringBuilder html, string action, long maxBytes)
    {
        var limit = UploadReceiver.DescribeBytes(maxBytes);
        html.Append("<h3 id=\"sync-upload\">Upload a CSV file</h3>");
        html.Append(CultureInfo.InvariantCulture,
            $"<form id=\"sync-upload-form\" class=\"form-inline\" method=\"post\" enctype=\"multipart/form-data\" action=\"{action}\" data-max-bytes=\"{maxBytes}\" data-too-large=\"{HtmlEncode($"The file is larger than the upload limit of {limit} (Sources:MaxUploadBytes). Split it, or put it in the drop folder.")}\">");
        html.Append("<input type=\"file\" name=\"file\" id=\"sync-upload-file\" accept=\".csv,text/csv\" class=\"form-control\" style=\"display:inline-block;width:auto\"/> ");
        html.Append("<button type=\"submit\" class=\"btn btn-primary btn-sm\" id=\"sync-upload-preview\">Preview</button>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"help-block\">Associations or assignments, UTF-8, up to {limit}. You will see the rows accepted and rejected and the calls it causes <strong>before</strong> anything is staged.</p>");
        html.Append("<div class=\"alert alert-danger\" id=\"sync-upload-error\" style=\"display:none\"></div></form>");
    }

    /// <param name="changesUrl">The Changes page; each import's rows link to it, filtered by the import.</param>
    /// <param name="reportUrl">The link to an import's row-error report, or null when there is none to offer.</param>
    public static void Recent(StringBuilder html, IReadOnlyList<RecentImport> imports, string changesUrl, Func<RecentImport, string?> reportUrl)
    {
        html.Append("<h3 id=\"sync-imports\">Recent imports</h3>");
        if (imports.Count == 0)
        {
            html.Append("<p class=\"text-muted\">No CSV file received yet (uploads, drop folder, <code>connector import</code>).</p>");
            return;
        }

        html.Append("<table class=\"table table-condensed\" id=\"sync-imports-table\"><tr><th>Import</th><th>File</th><th>From</th><th>When</th><th>Accepted</th><th>Rejected</th><th>Its rows now</th></tr>");
        foreach (var import in imports)
        {
            var rows = string.Join(", ", StatusOrder.Where(import.Statuses.ContainsKey).Select(s => $"<span data-status=\"{s}\">{import.Statuses[s]} {s}</span>"));
            var outcome = import.IsProcessed ? string.Empty : $" <span class=\"label label-danger\" title=\"{HtmlEncode(import.Detail ?? string.Empty)}\">refused</span>";
            var who = import.ReceivedBy is null ? HtmlEncode(import.ReceivedVia) : $"{HtmlEncode(import.ReceivedVia)} ({HtmlEncode(import.ReceivedBy)})";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-import-id=\"{import.Id}\"><td>#{import.Id}</td><td>{HtmlEncode(import.FileName)}{outcome}</td><td>{who}</td><td>{import.ReceivedAt:yyyy-MM-dd HH:mm} UTC</td><td>{import.RowsAccepted}</td><td>{import.RowsRejected}{(reportUrl(import) is { } url ? $" <a href=\"{url}\" class=\"sync-import-report\">report</a>" : string.Empty)}</td><td class=\"sync-import-rows\">{(rows.Length == 0 ? "—" : $"<a href=\"{changesUrl}?import={import.Id}\">{rows}</a>")}</td></tr>");
        }

        html.Append("</table>");
    }
}
