using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Operations;

public static class AlertServiceCollectionExtensions
{
    /// <summary>Alerts (<c>Alerts</c> section), their delivery loop on this server, and the account-wide instruments.</summary>
    public static IServiceCollection AddConnectorAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section));
        services.AddSingleton<AlertDetector>();
        services.AddSingleton<AlertDeliverer>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AccountMetrics>();
        // No logging handlers: they would log each webhook's full URL, and a Slack URL is a secret. The deliverer
        // applies Alerts:RequestTimeout itself.
        services.AddHttpClient(AlertDeliverer.HttpClientName).RemoveAllLoggers();
        services.AddHostedService<AlertService>();
        return services;
    }
}
