using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using RouteCollection = Hangfire.Dashboard.RouteCollection;

namespace Connector.Host.Dashboard;

/// <summary>Hangfire's command routes (<see cref="RouteCollectionExtensions.AddCommand(RouteCollection, string, Func{DashboardContext, bool})"/>:
/// POST only, 204 when the command returns true, 422 when false), answering 403 to a read-only user.</summary>
internal static class WriteCommands
{
    /// <summary>Hangfire's command dispatcher answers a read-only user 401, which asks a browser logged in with HTTP
    /// Basic for other credentials; the user is known and lacks the right, so this answers 403 first and leaves the
    /// rest to Hangfire's dispatcher (taken from a scratch collection: the type itself is internal to Hangfire).</summary>
    public static void AddWriteCommand(this RouteCollection routes, string path, Func<DashboardContext, bool> command)
    {
        var scratch = new RouteCollection();
        scratch.AddCommand(path, command);
        routes.Add(path, new ForbiddenWhenReadOnly(scratch.FindDispatcher(path)!.Item1));
    }

    private sealed class ForbiddenWhenReadOnly(IDashboardDispatcher command) : IDashboardDispatcher
    {
        public Task Dispatch(DashboardContext context)
        {
            if (context.IsReadOnly)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            return command.Dispatch(context);
        }
    }
}
