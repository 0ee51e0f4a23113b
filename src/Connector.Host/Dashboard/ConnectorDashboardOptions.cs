namespace Connector.Host.Dashboard;

/// <summary>Config section <c>Dashboard</c>.</summary>
public sealed class ConnectorDashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Where serve/demo listen. Loopback by default; any other address requires Users.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    public List<DashboardUser> Users { get; set; } = [];

    /// <summary>True: a loopback request without forwarding headers needs no login. Safe only when nothing on this
    /// machine relays other people's connections to the port (a TCP proxy, stunnel, <c>ssh -L</c>, a sidecar, a proxy
    /// that adds no forwarding header): each would make every visitor look local. <c>demo</c> sets it.</summary>
    public bool TrustLoopback { get; set; }

    /// <summary>Host names served besides those of <see cref="Urls"/> (the name a proxy or browser uses),
    /// ';'-separated. Any other Host header is answered 400 (DNS rebinding).</summary>
    public string? AllowedHosts { get; set; }

    /// <summary>Where uploads wait between preview and confirm; empty means a private folder under the system temp.</summary>
    public string? UploadFolder { get; set; }
}

/// <summary>A dashboard login from configuration (<c>Dashboard:Users:N</c>). Only the password's hash is stored.</summary>
public sealed class DashboardUser
{
    public string Name { get; set; } = string.Empty;

    /// <summary>From <c>connector hash-password</c>: pbkdf2-sha256$iterations$salt$hash (base64).</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>May look but not retry, trigger or delete.</summary>
    public bool ReadOnly { get; set; }
}
