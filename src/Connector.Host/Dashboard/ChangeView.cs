using System.Globalization;
using System.Text;
using Connector.Changes;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>One change's whole history (<c>connector changes show N</c> on the dashboard): its row, where it waits in
/// the send queue, what the ledger knows of its key, and every call made for it; Retry for a failed change (write
/// rights only). Partner Central's messages are shown with contact details hidden from read-only users.</summary>
public sealed class ChangeView(long id) : RazorPage
{
    public static string Link(UrlHelper url, long changeId) => url.To($"{SyncPage.ChangesPath}/{changeId}");

    /// <summary>A message as this page's user may see it.</summary>
    internal static string Shown(RazorPage page, string? text) => page.IsReadOnly ? ContactRedaction.Redact(text) : text ?? string.Empty;

    public override void Execute()
    {
        Layout = new LayoutPage($"Change #{id}");
        var history = Context.GetHttpContext().RequestServices.GetRequiredService<ChangeHistoryStore>().ShowAsync(id, CancellationToken.None).GetAwaiter().GetResult();
        var html = new StringBuilder("<div class=\"row\"><div class=\"col-md-12\">");
        if (history is null)
        {
            Context.GetHttpContext().Response.StatusCode = StatusCodes.Status404NotFound;
            html.Append(CultureInfo.InvariantCulture, $"<h1 class=\"page-header\">Change #{id}</h1><div class=\"alert alert-warning\" id=\"change-missing\">There is no change {id}. <a href=\"{Url.To(SyncPage.ChangesPath)}\">Find changes</a>.</div></div></div>");
            WriteLiteral(html.ToString());
            return;
        }

        var c = history.Change;
        html.Append(CultureInfo.InvariantCulture, $"<h1 class=\"page-header\">Change #{c.Id}: {HtmlEncode(c.ChangeType)} {HtmlEncode(c.Target)} on {HtmlEncode(c.Catalog)}/{HtmlEncode(c.OpportunityId)}</h1>");
        html.Append("<table class=\"table table-condensed\" id=\"change\" style=\"width:auto\">");
        Row(html, "Status", HtmlEncode(c.ErrorType is null ? c.Status : $"{c.Status} ({c.ErrorType})"), $" data-status=\"{c.Status}\"");
        Row(html, "Detail", HtmlEncode(Shown(this, c.Detail)));
        Row(html, "Request id", HtmlEncode(c.RequestId ?? "-"));
        Row(html, "Staged", Stamp(c.ChangedAt) + (c.ImportId is { } import ? $" from <a href=\"{Url.To(SyncPage.ChangesPath)}?import={import}\">import #{import}</a>" : " from the CRM staging table"));
        Row(html, "Processed", Stamp(c.ProcessedAt));
        if (history.Queued is { } queued)
        {
            Row(html, "Queued", HtmlEncode($"next try at {Stamp(queued.NotBefore)}; {queued.Attempts} transient and {queued.NotFoundAttempts} not-found retries so far"
                + (queued.ReadFirst ? "; reads the opportunity first" : string.Empty)
                + (queued.LastError is { } error ? $"; last error: {Shown(this, error)}" : string.Empty)));
        }

        Row(html, "Ledger", HtmlEncode(history.Ledger is { } ledger
            ? $"{ledger.Fact} (learned by {ledger.LearnedFrom ?? "read"} at {Stamp(ledger.LearnedAt ?? ledger.ReadAt)})"
            : "nothing known of this key yet"));
        html.Append("</table>");
        if (c.Status == ChangeStatus.Failed && !IsReadOnly)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><button class=\"btn btn-default btn-sm\" id=\"change-retry\" data-ajax=\"{Url.To(SyncPage.Path + "/retry")}?id={c.Id}\">Retry</button></p>");
        }

        Calls(html, history.Attempts);
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Url.To(SyncPage.ChangesPath)}?opportunity={UrlEncode(c.OpportunityId)}\">Every change of {HtmlEncode(c.OpportunityId)}</a></p></div></div>");
        WriteLiteral(html.ToString());
    }

    private static void Calls(StringBuilder html, IReadOnlyList<ChangeAttempt> attempts)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>Calls to Partner Central ({attempts.Count})</h3>");
        if (attempts.Count == 0)
        {
            html.Append("<p class=\"text-muted\" id=\"change-no-calls\">None: no call was made for this change.</p>");
            return;
        }

        html.Append("<table class=\"table table-condensed\" id=\"change-calls\"><tr><th>Call</th><th>Operation</th><th>Sent</th><th>Outcome</th><th>HTTP</th><th>Error</th><th>Took</th><th>Request id</th><th>Run</th></tr>");
        foreach (var a in attempts)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>#{a.Id}</td><td>{HtmlEncode(a.Operation)}{(a.IsWrite ? string.Empty : " (read)")}</td><td>{Stamp(a.SentAt ?? a.SlotAt)}</td><td>{HtmlEncode(a.Outcome)}</td>" +
                $"<td>{a.HttpStatus}</td><td>{HtmlEncode(a.ErrorType ?? string.Empty)}</td><td>{(a.DurationMs is { } ms ? $"{ms} ms" : string.Empty)}</td><td><small>{HtmlEncode(a.RequestId ?? string.Empty)}</small></td><td>{(a.RunId is { } run ? $"#{run}" : string.Empty)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Row(StringBuilder html, string name, string value, string attributes = "") =>
        html.Append(CultureInfo.InvariantCulture, $"<tr{attributes}><th>{name}</th><td>{value}</td></tr>");

    private static string Stamp(DateTime? value) =>
        value is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "-";
}
