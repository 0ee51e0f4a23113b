using Connector.Host.Dashboard.Upload;
using Hangfire.Dashboard;

namespace Connector.Host.Dashboard;

/// <summary>Registers the "Sync" page and its actions inside the Hangfire dashboard (routes are process-wide).</summary>
public static class SyncPage
{
    public const string Path = "/sync";

    public const string UploadPath = Path + "/upload";

    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        DashboardRoutes.Routes.AddRazorPage(Path, _ => new SyncPageView());
        DashboardRoutes.Routes.Add(Path + "/retry", new SyncRetryDispatcher());
        DashboardRoutes.Routes.Add(Path + "/trigger", new SyncTriggerDispatcher());
        DashboardRoutes.Routes.Add(UploadPath, new UploadDispatcher());
        DashboardRoutes.Routes.Add(UploadPath + "/confirm", new UploadConfirmDispatcher());
        DashboardRoutes.Routes.Add(UploadPath + "/cancel", new UploadCancelDispatcher());
        DashboardRoutes.Routes.Add(UploadPath + "/report", new UploadReportDispatcher());
        DashboardRoutes.Routes.Add(Path + "/import-report", new ImportReportDispatcher());
        DashboardRoutes.Routes.AddRazorPage(UploadPath + "/(?<token>[0-9a-f]{32})", match => new UploadPreviewView(match.Groups["token"].Value));
        NavigationMenu.Items.Add(page => new MenuItem("Sync", page.Url.To(Path))
        {
            Active = page.RequestPath.StartsWith(Path, StringComparison.Ordinal),
        });
    }
}
