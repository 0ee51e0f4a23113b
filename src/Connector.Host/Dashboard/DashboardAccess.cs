using System.Net;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Connector.Host.Dashboard;

/// <summary>Who may use the dashboard: a configured user whose credentials <see cref="DashboardLogin"/> verified
/// (HTTP Basic, so put TLS in front of a remote dashboard); a loopback request only when
/// <see cref="ConnectorDashboardOptions.TrustLoopback"/> is on. Remote access is never open (CVE-2021-41238 is what
/// an open Hangfire dashboard leads to).</summary>
public sealed class DashboardAccess(bool trustLoopback, bool hasUsers) : IDashboardAuthorizationFilter
{
    /// <summary>Who a trusted loopback request acts as: write rights, recorded as "local".</summary>
    private static readonly DashboardUser Local = new() { Name = "local" };

    // Headers a proxy on this machine adds when it relays someone else's request.
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host", "True-Client-IP", "X-Client-IP"];

    /// <summary>False when only trusted local requests can get in.</summary>
    public bool HasUsers => hasUsers;

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (DashboardLogin.UserOf(http) is not null)
        {
            return true;
        }

        if (trustLoopback && IsLoopbackWithoutForwarding(http))
        {
            DashboardLogin.SetUser(http, Local);
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"partner-sync\", charset=\"UTF-8\"";
        return false;
    }

    /// <summary>Read-only unless the request was let in as a user with write rights (or as trusted local).</summary>
    public static bool IsReadOnly(DashboardContext context) =>
        DashboardLogin.UserOf(context.GetHttpContext()) is not { ReadOnly: false };

    public static string? UserName(HttpContext http) => DashboardLogin.UserOf(http)?.Name;

    /// <summary>Loopback, and not relayed by a proxy that says so. A proxy that says nothing cannot be told apart:
    /// that is why loopback is trusted only when configured.</summary>
    public static bool IsLoopbackWithoutForwarding(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        return remote is not null && IPAddress.IsLoopback(remote) && !ForwardingHeaders.Any(http.Request.Headers.ContainsKey);
    }
}
