using System.Globalization;
using System.Text;
using Connector.Changes;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.Extensions.DependencyInjection;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The dashboard's Changes page (<see cref="SyncPage.ChangesPath"/>): every change can be found, by status,
/// opportunity or import, newest first, with its detail, request id and calls; each links to its whole history
/// (<see cref="ChangeView"/>). The same store as <c>connector changes</c>, so both list the same.</summary>
public sealed class ChangesView : RazorPage
{
    public const int Shown = 100;

    public override void Execute()
    {
        Layout = new LayoutPage("Changes");
        var html = new StringBuilder("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Changes</h1>");
        var statusText = Context.Request.GetQuery("status");
        var status = ChangeStatus.All.Contains(statusText) ? statusText : null;
        var opportunity = Context.Request.GetQuery("opportunity")?.Trim() is { Length: > 0 } o ? o : null;
        var importText = Context.Request.GetQuery("import")?.Trim();
        long? importId = long.TryParse(importText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
        Filters(html, status, opportunity, importId);
        if (!string.IsNullOrEmpty(statusText) && status is null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"alert alert-warning\" id=\"changes-bad-filter\">There is no status '{HtmlEncode(statusText)}'; the statuses are {string.Join(", ", ChangeStatus.All)}.</div>");
        }
        else if (!string.IsNullOrEmpty(importText) && importId is null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"alert alert-warning\" id=\"changes-bad-filter\">An import is named by its number (as in Recent imports), not '{HtmlEncode(importText)}'.</div>");
        }
        else
        {
            var changes = Context.GetHttpContext().RequestServices.GetRequiredService<ChangeHistoryStore>()
                .ListAsync(status, opportunity, importId, Shown, CancellationToken.None).GetAwaiter().GetResult();
            Table(html, changes);
        }

        html.Append("</div></div>");
        WriteLiteral(html.ToString());
    }

    private void Filters(StringBuilder html, string? status, string? opportunity, long? importId)
    {
        html.Append(CultureInfo.InvariantCulture, $"<form class=\"form-inline\" method=\"get\" id=\"changes-filter\" action=\"{Url.To(SyncPage.ChangesPath)}\" style=\"margin-bottom:15px\">");
        html.Append("<select name=\"status\" class=\"form-control input-sm\"><option value=\"\">any status</option>");
        foreach (var name in ChangeStatus.All)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{name}\"{(name == status ? " selected" : string.Empty)}>{name}</option>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</select> <input type=\"text\" name=\"opportunity\" class=\"form-control input-sm\" placeholder=\"opportunity id\" value=\"{HtmlEncode(opportunity ?? string.Empty)}\"/> ");
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"text\" name=\"import\" class=\"form-control input-sm\" placeholder=\"import #\" size=\"8\" value=\"{importId}\"/> ");
        html.Append("<button type=\"submit\" class=\"btn btn-primary btn-sm\">Find</button></form>");
    }

    private void Table(StringBuilder html, IReadOnlyList<ChangeSummary> changes)
    {
        if (changes.Count == 0)
        {
            html.Append("<p class=\"text-muted\" id=\"changes-none\">No change matched.</p>");
            return;
        }

        html.Append("<table class=\"table table-condensed table-striped\" id=\"changes\"><tr><th>Change</th><th>Status</th><th>Opportunity</th><th>What</th><th>Detail</th><th>Request id</th><th>Calls</th><th>Staged</th><th>Import</th></tr>");
        foreach (var change in changes)
        {
            var status = change.ErrorType is null ? change.Status : $"{change.Status} ({change.ErrorType})";
            var import = change.ImportId is { } id ? $"<a href=\"{Url.To(SyncPage.ChangesPath)}?import={id}\">#{id}</a>" : "CRM";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-change-id=\"{change.Id}\"><td><a href=\"{ChangeView.Link(Url, change.Id)}\">#{change.Id}</a></td><td data-status=\"{change.Status}\">{HtmlEncode(status)}</td>" +
                $"<td><a href=\"{Url.To(SyncPage.ChangesPath)}?opportunity={UrlEncode(change.OpportunityId)}\">{HtmlEncode(change.Catalog)}/{HtmlEncode(change.OpportunityId)}</a></td>" +
                $"<td>{HtmlEncode(change.ChangeType)} {HtmlEncode(change.Target)}</td><td><small>{HtmlEncode(ChangeView.Shown(this, change.Detail))}</small></td>" +
                $"<td><small>{HtmlEncode(change.RequestId ?? string.Empty)}</small></td><td>{change.Attempts}</td><td>{change.ChangedAt:yyyy-MM-dd HH:mm}</td><td>{import}</td></tr>");
        }

        html.Append("</table>");
        if (changes.Count == Shown)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"text-muted\">Showing the latest {Shown}; narrow the filters, or <code>connector changes --limit N --json</code> lists more.</p>");
        }
    }
}
