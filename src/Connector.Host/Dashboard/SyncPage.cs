namespace Connector.Host.Dashboard;

/// <summary>The "Sync" page inside the Hangfire dashboard (registered once per process).</summary>
public static class SyncPage
{
    public static void Register()
    {
    }
}
