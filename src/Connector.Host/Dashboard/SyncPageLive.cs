using System.Text.Json;
using Connector.Sync;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's live parts as HTML, whether a run is still sending (the script polls while it is), and
/// the status they were rendered from.</summary>
internal sealed record SyncPageLive(bool Running, IReadOnlyDictionary<string, string> Parts, SyncStatus Status);

/// <summary>GET <see cref="SyncPage.LivePath"/>: the live parts as JSON, for Dashboard/live.js. Inside the dashboard,
/// so the same login and the same read-only redaction apply as to the page; it reads only.</summary>
internal sealed class SyncPageLiveDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var live = new SyncPageSections(context, new UrlHelper(context)).Live();
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(http.Response.Body, new { running = live.Running, parts = live.Parts }, cancellationToken: http.RequestAborted);
    }
}
