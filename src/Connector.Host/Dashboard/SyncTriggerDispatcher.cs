using Connector.Jobs;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Dashboard;

/// <summary>POST /sync/trigger: runs the same sync job the schedules run, now (and lifts a pause).</summary>
public sealed class SyncTriggerDispatcher : IDashboardDispatcher
{
    public Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        if (context.IsReadOnly)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        http.RequestServices.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("manual", CancellationToken.None));
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
