using Connector.Assignees;
using Connector.Changes;
using Connector.Database;
using Connector.Jobs;
using Connector.Ledger;
using Connector.Operations;
using Connector.PartnerCentral;
using Connector.Solutions;
using Connector.Sources;
using Connector.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Connector;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Everything the connector needs but Hangfire's server and the HTTP client registration.</summary>
    public static IServiceCollection AddConnectorCore(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        DapperSettings.Apply();
        services.AddOptions<PartnerCentralOptions>().Bind(configuration.GetSection(PartnerCentralOptions.SectionName));
        services.AddOptions<SyncOptions>().Bind(configuration.GetSection(SyncOptions.Section));
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection(ScheduleOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<ConnectorMetrics>();
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddConnectorSources(configuration);
        services.AddSingleton<ChangeRecorder>();
        services.AddSingleton<ChangeHistoryStore>();
        services.AddSingleton<LedgerStore>();
        services.AddTransient<LedgerReconciler>();
        services.AddSingleton<LedgerFreshnessStore>();
        services.AddSingleton<DriftStore>();
        services.AddSingleton<UnknownAssigneeStore>();
        services.AddSingleton<SolutionCache>();
        services.AddTransient<SolutionRefreshJob>();
        services.AddTransient<ReconcileJob>();
        services.AddSingleton<SyncPlanner>();
        services.AddSingleton<PlanEffectStore>();
        services.AddSingleton<AccountPacer>();
        // Transient: the sender holds the typed HttpClient, which must not be captured for the process lifetime.
        services.AddTransient<ChangeSender>();
        services.AddTransient<QueueDrainer>();
        services.AddSingleton<SyncService>();
        services.AddSingleton<StatusStore>();
        services.AddSingleton<RetryStore>();
        services.AddSingleton<RunProgressStore>();
        services.AddTransient<SyncJob>();
        services.AddTransient<DrainJob>();
        services.AddTransient<DropFolderJob>();
        services.AddTransient<RecurringJobRegistration>();
        return services;
    }
}
