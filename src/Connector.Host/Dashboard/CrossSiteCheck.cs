using Microsoft.AspNetCore.Http;

namespace Connector.Host.Dashboard;

/// <summary>Refuses (403) every state-changing request, ours and Hangfire's, that the browser says comes from
/// another site: <c>Sec-Fetch-Site</c> other than <c>same-origin</c>/<c>none</c>, or an <c>Origin</c> that is not
/// this host (or one of <c>Dashboard:AllowedHosts</c>, for a proxy that rewrites Host). A request without either
/// header is not from a browser page and still needs its login and antiforgery token.</summary>
public sealed class CrossSiteCheck(IReadOnlyList<string> proxiedHosts)
{
    public Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method) || !IsCrossSite(http.Request))
        {
            return next(http);
        }

        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync("Refused: this request was sent from another site.", http.RequestAborted);
    }

    private bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        // "null" (a sandboxed frame, a redirect across sites) and anything but http(s) are foreign.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return true;
        }

        return !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && !proxiedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
    }
}
