using Connector.Host.Dashboard.Upload;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Connector.Host.Dashboard;

/// <summary>Registers the "Sync" page, its actions and its script inside the Hangfire dashboard (routes are process-wide).</summary>
public static class SyncPage
{
    public const string Path = "/sync";

    public const string UploadPath = Path + "/upload";

    /// <summary>The Sync page's live parts as JSON (<see cref="SyncPageLiveDispatcher"/>).</summary>
    public const string LivePath = Path + "/live";

    /// <summary>Every change, found by status, opportunity or import (<see cref="ChangesView"/>); one change's history under it.</summary>
    public const string ChangesPath = "/changes";

    /// <summary>Hangfire's own home page (graphs of jobs), moved here because the dashboard root opens the Sync page.</summary>
    public const string OverviewPath = "/overview";

    /// <summary>Dashboard/Upload/upload.js (EmbeddedResource with this LogicalName in Connector.Host.csproj).</summary>
    private const string ScriptResource = "Connector.Host.Dashboard.Upload.upload.js";

    /// <summary>Dashboard/live.js, likewise.</summary>
    private const string LiveScriptResource = "Connector.Host.Dashboard.live.js";

    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        var routes = DashboardRoutes.Routes;
        routes.AddRazorPage(Path, _ => new SyncPageView());
        routes.Add(LivePath, new SyncPageLiveDispatcher());
        // Hangfire's home page class is internal: its route's dispatcher is registered again under the new path.
        routes.Add(OverviewPath, routes.FindDispatcher("/")!.Item1);
        routes.AddWriteCommand(Path + "/retry", SyncCommands.Retry);
        routes.AddWriteCommand(Path + "/trigger", SyncCommands.Trigger);
        routes.AddWriteCommand(Path + "/reapply", SyncCommands.Reapply);
        routes.AddWriteCommand(Path + "/assignee-reset", SyncCommands.ResetAssignee);
        routes.Add(UploadPath, UploadActions.Route(HttpMethods.Post, UploadActions.ReceiveAsync));
        routes.Add(UploadPath + "/confirm", UploadActions.Route(HttpMethods.Post, UploadActions.ConfirmAsync));
        routes.Add(UploadPath + "/cancel", UploadActions.Route(HttpMethods.Post, UploadActions.CancelAsync));
        routes.Add(UploadPath + "/report", UploadActions.Route(HttpMethods.Get, UploadActions.PreviewReportAsync));
        routes.Add(Path + "/import-report", UploadActions.Route(HttpMethods.Get, UploadActions.ImportReportAsync));
        routes.AddRazorPage(ChangesPath, _ => new ChangesView());
        routes.AddRazorPage(ChangesPath + "/(?<id>[0-9]{1,18})", match => new ChangeView(long.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        routes.AddRazorPage(UploadPath + "/(?<token>[0-9a-f]{32})", match => new UploadPreviewView(match.Groups["token"].Value));
        DashboardRoutes.AddJavaScript(typeof(SyncPage).Assembly, ScriptResource);
        DashboardRoutes.AddJavaScript(typeof(SyncPage).Assembly, LiveScriptResource);
        NavigationMenu.Items.Add(page => new MenuItem("Sync", page.Url.To(Path))
        {
            Active = page.RequestPath.StartsWith(Path, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Changes", page.Url.To(ChangesPath))
        {
            Active = page.RequestPath.StartsWith(ChangesPath, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Overview", page.Url.To(OverviewPath))
        {
            Active = page.RequestPath.StartsWith(OverviewPath, StringComparison.Ordinal),
        });
    }
}
