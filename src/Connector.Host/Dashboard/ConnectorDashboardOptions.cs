namespace Connector.Host.Dashboard;

/// <summary>Config section <c>Dashboard</c>.</summary>
public sealed class ConnectorDashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Where serve/demo listen. Loopback by default; any other address requires Users.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    public List<DashboardUser> Users { get; set; } = [];

    /// <summary>Where uploads wait between preview and confirm; empty means a private folder under the system temp.</summary>
    public string? UploadFolder { get; set; }
}
