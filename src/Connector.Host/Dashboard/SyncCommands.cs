using Connector.Assignees;
using Connector.Jobs;
using Connector.Ledger;
using Connector.Sync;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's buttons, as Hangfire dashboard commands (<see cref="WriteCommands"/>: POST, antiforgery
/// header checked by the dashboard middleware, 403 for read-only users, 204 done, 422 not understood). Hangfire runs
/// commands synchronously, as it renders pages: there is no synchronization context to deadlock on.</summary>
internal static class SyncCommands
{
    /// <summary>POST /sync/retry?id=N, ?errorType=T or ?all=true (the data-ajax buttons post their arguments in the
    /// query string): requeues failed changes and queues a sync.</summary>
    public static bool Retry(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var query = http.Request.Query;
        long? id = long.TryParse(query["id"], out var parsed) ? parsed : null;
        var errorType = string.IsNullOrEmpty(query["errorType"]) ? null : query["errorType"].ToString();
        if (id is null && errorType is null && query["all"] != "true")
        {
            return false;
        }

        var services = http.RequestServices;
        var user = DashboardAccess.UserName(http) ?? "dashboard";
        var count = services.GetRequiredService<RetryStore>().RequeueFailedAsync(id, errorType, $"dashboard ({user})", http.RequestAborted).GetAwaiter().GetResult();
        services.GetRequiredService<AccountPacer>().ResumeAsync(http.RequestAborted).GetAwaiter().GetResult();
        if (count > 0)
        {
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("retry", CancellationToken.None));
        }

        return true;
    }

    /// <summary>POST /sync/reapply?id=N (a drift row) or ?all=true: re-queues the CRM's last desired state for drift
    /// not yet re-applied, through the normal plan, and queues a sync.</summary>
    public static bool Reapply(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var query = http.Request.Query;
        long? id = long.TryParse(query["id"], out var parsed) ? parsed : null;
        if (id is null && query["all"] != "true")
        {
            return false;
        }

        var services = http.RequestServices;
        var count = services.GetRequiredService<DriftStore>().ReapplyAsync(id, http.RequestAborted).GetAwaiter().GetResult();
        if (count > 0)
        {
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("reapply", CancellationToken.None));
        }

        return true;
    }

    /// <summary>POST /sync/assignee-reset?key=K (<see cref="UnknownAssignee.Key"/>: no email in the URL): forgets a
    /// refused assignee email, puts the changes rejected for it back to pending and queues a sync.</summary>
    public static bool ResetAssignee(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var key = http.Request.Query["key"].ToString();
        if (key.Length == 0)
        {
            return false;
        }

        var services = http.RequestServices;
        var store = services.GetRequiredService<UnknownAssigneeStore>();
        var remembered = store.ListAsync(http.RequestAborted).GetAwaiter().GetResult().FirstOrDefault(a => a.Key == key);
        if (remembered is null)
        {
            // Already reset (another user, an expiry): nothing left to do, and nothing to say about which email it was.
            return true;
        }

        var user = DashboardAccess.UserName(http) ?? "dashboard";
        var reset = store.ResetAsync(remembered.Email, $"assignee reset on the dashboard ({user})", http.RequestAborted).GetAwaiter().GetResult();
        if (reset.Requeued > 0)
        {
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("assignee-reset", CancellationToken.None));
        }

        return true;
    }

    /// <summary>POST /sync/trigger: runs the same sync job the schedules run, now (and lifts a pause).</summary>
    public static bool Trigger(DashboardContext context)
    {
        context.GetHttpContext().RequestServices.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("manual", CancellationToken.None));
        return true;
    }
}
