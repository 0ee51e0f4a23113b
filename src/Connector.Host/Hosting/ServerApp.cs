using System.Net;
using Connector.Host.Dashboard;
using Connector.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Hosting;

/// <summary>The long-running host of <c>serve</c> and <c>demo</c>: Hangfire server, secured dashboard with the
/// Sync page, and the recurring jobs from configuration.</summary>
public static class ServerApp
{
    public static WebApplication Build(IConfiguration configuration, string connectionString)
    {
        var dashboard = configuration.GetSection(ConnectorDashboardOptions.Section).Get<ConnectorDashboardOptions>() ?? new ConnectorDashboardOptions();
        var urls = dashboard.Urls;
        // A user with no name or no hash (an unset variable in a deployment file) is no user at all.
        var users = dashboard.Users.Where(u => !string.IsNullOrWhiteSpace(u.Name) && !string.IsNullOrWhiteSpace(u.PasswordHash)).ToList();
        RefuseOpenRemoteDashboard(urls, users);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(urls);
        builder.Services.AddConnectorApp(configuration, connectionString, runServer: true);
        builder.Services.AddAntiforgery();

        var app = builder.Build();
        app.UseAntiforgery();
        app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Redirect("/hangfire"));
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "partner-sync",
            Authorization = [new DashboardAccess(users)],
            IsReadOnlyFunc = DashboardAccess.IsReadOnly,
            DisplayStorageConnectionString = false,
        });
        SyncPage.Register();
        app.Services.GetRequiredService<RecurringJobRegistration>().Apply();
        return app;
    }

    /// <summary>Until Ctrl+C / SIGTERM (the command's token) or the host stopping by itself.</summary>
    public static async Task WaitForShutdownAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Secure by default: a dashboard reachable from other machines needs configured users.
    private static void RefuseOpenRemoteDashboard(string urls, IReadOnlyList<DashboardUser> users)
    {
        if (users.Count > 0)
        {
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri))
            {
                throw new ConfigurationException($"Dashboard:Urls has '{url}', which is not a URL like http://127.0.0.1:5080.");
            }

            var loopback = uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                throw new ConfigurationException(
                    $"Dashboard:Urls listens on {uri.Host}, reachable from other machines, but no Dashboard:Users are configured. " +
                    "Add a user (Dashboard__Users__0__Name, Dashboard__Users__0__PasswordHash from 'connector hash-password') or listen on 127.0.0.1.");
            }
        }
    }
}
