using System.Globalization;
using System.Text;
using Connector.Assignees;
using Connector.Sources;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page: its sections (<see cref="SyncPageSections"/>), the upload form, and the marker the live script reads.</summary>
public sealed class SyncPageView : RazorPage
{
    public override void Execute()
    {
        Layout = new LayoutPage("Sync");
        var services = Context.GetHttpContext().RequestServices;
        var imports = services.GetRequiredService<RecentImportsStore>();
        var confirmed = long.TryParse(Context.Request.GetQuery("import"), out var importId) ? imports.FindAsync(importId, CancellationToken.None).GetAwaiter().GetResult() : null;
        var sections = new SyncPageSections(Context, Url);
        var live = sections.Live();
        var html = new StringBuilder();
        // The script (Dashboard/live.js) replaces the live parts in place from SyncPage.LivePath; forms stay untouched.
        html.Append(CultureInfo.InvariantCulture, $"<div id=\"sync-live\" data-live-url=\"{Url.To(SyncPage.LivePath)}\" data-live-running=\"{(live.Running ? "true" : "false")}\" style=\"display:none\"></div>");
        sections.Header(html, live.Status);
        SyncPageImports.Confirmed(html, confirmed);
        Part(html, SyncPageSections.StatusPart, live);
        Part(html, SyncPageSections.FailuresPart, live);
        Part(html, SyncPageSections.DriftPart, live);
        SyncPageAssignees.Render(html, services.GetRequiredService<UnknownAssigneeStore>().ListAsync(CancellationToken.None).GetAwaiter().GetResult(),
            IsReadOnly ? null : Url.To(SyncPage.Path + "/assignee-reset"), changeId => ChangeView.Link(Url, changeId));
        SyncPageAlerts.Render(html, services);
        if (!IsReadOnly)
        {
            SyncPageImports.UploadForm(html, Url.To(SyncPage.UploadPath), services.GetRequiredService<IOptions<SourcesOptions>>().Value.MaxUploadBytes);
        }

        Part(html, SyncPageSections.ImportsPart, live);
        Part(html, SyncPageSections.RunsPart, live);
        WriteLiteral(html.ToString());
    }

    private static void Part(StringBuilder html, string id, SyncPageLive live) =>
        html.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}\">{live.Parts[id]}</div>");
}
