using System.Text.Json;
using Connector.Sources;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Host.Dashboard.Upload;

/// <summary>What every upload action needs from the request: the method and write-rights checks, the user, the spool,
/// the upload's preview (only its own uploader may see or act on it), and JSON answers for the page's script.</summary>
internal sealed class UploadRequestContext
{
    private UploadRequestContext(DashboardContext dashboard)
    {
        Dashboard = dashboard;
        Http = dashboard.GetHttpContext();
        User = DashboardAccess.UserName(Http) ?? "dashboard";
        var configuration = Http.RequestServices.GetRequiredService<IConfiguration>();
        Spool = new UploadSpool(configuration[$"{ConnectorDashboardOptions.Section}:{nameof(ConnectorDashboardOptions.UploadFolder)}"]);
        MaxUploadBytes = Http.RequestServices.GetRequiredService<IOptions<SourcesOptions>>().Value.MaxUploadBytes;
    }

    public DashboardContext Dashboard { get; }

    public HttpContext Http { get; }

    public string User { get; }

    public UploadSpool Spool { get; }

    public long MaxUploadBytes { get; }

    /// <summary>The dashboard's own address (e.g. <c>/hangfire</c>) followed by <paramref name="path"/>.</summary>
    public string Url(string path) => Dashboard.Request.PathBase + path;

    public static UploadRequestContext For(DashboardContext dashboard) => new(dashboard);

    /// <summary>True (with 405 or 403 written) when the request must stop here.</summary>
    public async Task<bool> RefuseUnlessWriteAsync(string method)
    {
        if (!string.Equals(Http.Request.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            await JsonAsync(StatusCodes.Status405MethodNotAllowed, new { error = $"Use {method}." });
            return true;
        }

        if (Dashboard.IsReadOnly)
        {
            await JsonAsync(StatusCodes.Status403Forbidden, new { error = "Your dashboard user is read-only: uploads need write rights." });
            return true;
        }

        return false;
    }

    /// <summary>The preview named by <c>?token=</c>, if it exists and belongs to this user.</summary>
    public async Task<(string Token, UploadPreview Preview)?> FindOwnPreviewAsync()
    {
        var token = Http.Request.Query["token"].ToString();
        return await FindOwnPreviewAsync(token);
    }

    public async Task<(string Token, UploadPreview Preview)?> FindOwnPreviewAsync(string token)
    {
        if (!UploadSpool.IsToken(token) || await Spool.ReadPreviewAsync(token, Http.RequestAborted) is not { } preview
            || !string.Equals(preview.UploadedBy, User, StringComparison.Ordinal))
        {
            return null;
        }

        return (token, preview);
    }

    public Task JsonAsync(int status, object body)
    {
        Http.Response.StatusCode = status;
        Http.Response.ContentType = "application/json; charset=utf-8";
        Http.Response.Headers.CacheControl = "no-store";
        return Http.Response.WriteAsync(JsonSerializer.Serialize(body), Http.RequestAborted);
    }
}
