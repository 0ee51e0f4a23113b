using Connector.Host.Dashboard;
using Connector.Host.Dashboard.Upload;
using Connector.Jobs;
using Connector.PartnerCentral;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Connector.Sources;

namespace Connector.Host.Hosting;

/// <summary>The connector's services on any host (generic for CLI verbs, web for serve and demo).</summary>
public static class ConnectorApp
{
    public static IServiceCollection AddConnectorApp(this IServiceCollection services, IConfiguration configuration, string connectionString, bool runServer)
    {
        services.AddConnectorCore(configuration, connectionString);
        services.AddImportReportArchive(configuration);
        services.AddPartnerCentralClient(configuration);
        services.AddHangfire(hangfire => hangfire.UseConnectorStorage(connectionString));
        if (runServer)
        {
            services.AddHangfireServer(server =>
            {
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                // Lanes + planner + drop poll, with room for retries; the pace, not workers, bounds throughput.
                server.WorkerCount = Math.Max(4, configuration.GetValue("Sync:Lanes", 2) + 3);
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                server.ShutdownTimeout = TimeSpan.FromSeconds(15);
            });
        }

        return services;
    }

    /// <summary>Row-error reports of every channel are copied where the dashboard links them (Dashboard:UploadFolder).</summary>
    public static IServiceCollection AddImportReportArchive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IImportReportArchive>(provider => new SpoolReportArchive(
            new UploadSpool(configuration[$"{ConnectorDashboardOptions.Section}:{nameof(ConnectorDashboardOptions.UploadFolder)}"]),
            provider.GetRequiredService<ILogger<SpoolReportArchive>>()));
        return services;
    }
}
