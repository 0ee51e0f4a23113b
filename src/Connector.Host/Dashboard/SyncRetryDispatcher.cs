using Connector.Jobs;
using Connector.Sync;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Dashboard;

/// <summary>POST /sync/retry?id=N, ?errorType=T or ?all=true: requeues failed changes and queues a
/// sync. Antiforgery is checked by the dashboard middleware for every POST; read-only users get 403.</summary>
public sealed class SyncRetryDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (context.IsReadOnly)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // The dashboard's data-ajax buttons post with the arguments in the query string.
        var query = http.Request.Query;
        long? id = long.TryParse(query["id"], out var parsed) ? parsed : null;
        var errorType = string.IsNullOrEmpty(query["errorType"]) ? null : query["errorType"].ToString();
        if (id is null && errorType is null && query["all"] != "true")
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var services = http.RequestServices;
        var user = DashboardAccess.UserName(http) ?? "dashboard";
        var count = await services.GetRequiredService<RetryStore>().RequeueFailedAsync(id, errorType, $"dashboard ({user})", http.RequestAborted);
        await services.GetRequiredService<AccountPacer>().ResumeAsync(http.RequestAborted);
        if (count > 0)
        {
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("retry", CancellationToken.None));
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
