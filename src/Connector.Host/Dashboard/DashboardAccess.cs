using System.Net;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Connector.Host.Dashboard;

/// <summary>Who may use the dashboard: local requests freely; any other request only with a configured user's
/// credentials (HTTP Basic, so put TLS in front of a remote dashboard). Remote access is never open
/// (CVE-2021-41238 is what an open Hangfire dashboard leads to).</summary>
public sealed class DashboardAccess(IReadOnlyList<DashboardUser> users) : IDashboardAuthorizationFilter
{
    private const string UserItem = "connector.dashboard.user";

    /// <summary>False when only local requests can get in.</summary>
    public bool HasUsers => users.Count > 0;

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (IsLocal(http))
        {
            return true;
        }

        if (FindUser(http) is { } user)
        {
            http.Items[UserItem] = user;
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"partner-sync\", charset=\"UTF-8\"";
        return false;
    }

    /// <summary>Read-only unless the request is local or made by a user with write rights.</summary>
    public static bool IsReadOnly(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return !IsLocal(http) && http.Items[UserItem] is not DashboardUser { ReadOnly: false };
    }

    public static string? UserName(HttpContext http) => IsLocal(http) ? "local" : (http.Items[UserItem] as DashboardUser)?.Name;

    // Loopback only, and not through a proxy on this machine (it would make every remote visitor look local).
    public static bool IsLocal(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        return remote is not null && IPAddress.IsLoopback(remote)
            && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded");
    }

    private DashboardUser? FindUser(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        var (name, password) = (decoded[..colon], decoded[(colon + 1)..]);
        var user = users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        return user is not null && PasswordHash.Verify(password, user.PasswordHash) ? user : null;
    }
}
