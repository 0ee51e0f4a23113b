using System.Net;
using Connector.Host.Dashboard;
using Connector.Host.Dashboard.Upload;
using Connector.Host.Operations;
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
    /// <param name="configure">Test hook, null in production: runs before the connector's services are added, so a
    /// registration there wins over their defaults (the emulator's credentials; a startup filter that plays a remote
    /// caller).</param>
    public static WebApplication Build(IConfiguration configuration, string connectionString, Action<WebApplicationBuilder>? configure = null)
    {
        var dashboard = configuration.GetSection(ConnectorDashboardOptions.Section).Get<ConnectorDashboardOptions>() ?? new ConnectorDashboardOptions();
        var urls = dashboard.Urls;
        var users = SettingsCheck.DashboardUsers(dashboard);
        new UploadSpool(dashboard.UploadFolder).EnsurePrivate();
        RefuseOpenRemoteDashboard(ConfiguredAddresses(configuration, urls), users.Count > 0);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(urls);
        builder.Services.AddDashboardSecurity(dashboard, users, ConfiguredAddresses(configuration, urls).Select(address => address.Url));
        configure?.Invoke(builder);
        builder.Services.AddConnectorApp(configuration, connectionString, runServer: true);
        builder.Services.AddConnectorMonitoring(configuration);
        // Tokens come only from the header the dashboard's scripts send: reading them from a form body would make the
        // dashboard middleware buffer a whole CSV upload before the upload's size limit could apply.
        builder.Services.AddAntiforgery(options => options.SuppressReadingTokenFromFormBody = true);

        var app = builder.Build();
        app.UseDashboardSecurity();
        app.MapConnectorMonitoring();
        app.UseAntiforgery();
        app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Redirect("/hangfire" + SyncPage.Path));
        // The dashboard opens on the Sync page: its root is served as the Sync page, through the dashboard's own login
        // (a rewrite, not a redirect that would answer before it). Hangfire's overview moves to SyncPage.OverviewPath.
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value is "/hangfire" or "/hangfire/")
            {
                context.Request.Path = "/hangfire" + SyncPage.Path;
            }

            return next(context);
        });
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "partner-sync",
            Authorization = [app.Services.GetRequiredService<DashboardAccess>()],
            IsReadOnlyFunc = DashboardAccess.IsReadOnly,
            DisplayStorageConnectionString = false,
        });
        SyncPage.Register();
        app.Services.GetRequiredService<RecurringJobRegistration>().Apply();
        return app;
    }

    /// <summary>Starts the host, then checks the addresses Kestrel really bound, whatever chose them: the check before
    /// the build knows only the settings known to replace <c>Dashboard:Urls</c> (<c>Kestrel:Endpoints</c>).</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        try
        {
            RefuseOpenRemoteDashboard(app.Urls.Select(url => ("The host (its bound addresses)", url)), app.Services.GetRequiredService<DashboardAccess>().HasUsers);
        }
        catch (ConfigurationException)
        {
            // The dashboard refuses remote requests without users anyway (DashboardAccess); this makes the mistake loud.
            await app.StopAsync(CancellationToken.None);
            throw;
        }
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

    // Dashboard:Urls, unless Kestrel:Endpoints are configured: Kestrel then binds those instead (and says so in a warning).
    private static IEnumerable<(string Key, string Url)> ConfiguredAddresses(IConfiguration configuration, string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return ($"{ConnectorDashboardOptions.Section}:{nameof(ConnectorDashboardOptions.Urls)}", url);
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            yield return ($"Kestrel:Endpoints:{endpoint.Key}:Url", endpoint["Url"] ?? string.Empty);
        }
    }

    // Secure by default: a dashboard reachable from other machines needs configured users.
    private static void RefuseOpenRemoteDashboard(IEnumerable<(string Key, string Url)> addresses, bool hasUsers)
    {
        if (hasUsers)
        {
            return;
        }

        foreach (var (key, url) in addresses)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri))
            {
                throw new ConfigurationException($"{key} has '{url}', which is not a URL like http://127.0.0.1:5080.");
            }

            var loopback = uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                throw new ConfigurationException(
                    $"{key} listens on {uri.Host}, reachable from other machines, but no Dashboard:Users are configured. " +
                    "Add a user (Dashboard__Users__0__Name, Dashboard__Users__0__PasswordHash from 'connector hash-password') or listen on 127.0.0.1.");
            }
        }
    }
}
