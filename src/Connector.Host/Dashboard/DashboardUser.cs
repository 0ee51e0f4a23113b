namespace Connector.Host.Dashboard;

/// <summary>A dashboard login from configuration (<c>Dashboard:Users:N</c>). Only the password's hash is stored.</summary>
public sealed class DashboardUser
{
    public string Name { get; set; } = string.Empty;

    /// <summary>From <c>connector hash-password</c>: pbkdf2-sha256$iterations$salt$hash (base64).</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>May look but not retry, trigger or delete.</summary>
    public bool ReadOnly { get; set; }
}
