using Connector.Host.Hosting;
using Connector.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Connector.Host.Operations;

/// <summary>What <c>serve</c> adds for operations: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> (Prometheus),
/// OTLP export when <c>OTEL_EXPORTER_OTLP_*</c> is set, and the alert loop.</summary>
public static class MonitoringSetup
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string MetricsPath = "/metrics";

    private const string Ready = "ready";

    // Under compose's 5 s healthcheck timeout; the checks run in parallel.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddConnectorMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        var problems = (configuration.GetSection(AlertOptions.Section).Get<AlertOptions>() ?? new AlertOptions()).Problems();
        if (problems.Count > 0)
        {
            throw new ConfigurationException(string.Join(" ", problems));
        }

        services.AddConnectorAlerts(configuration);
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<CredentialsHealthCheck>("credentials", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<PauseHealthCheck>("not-paused", tags: [Ready], timeout: CheckTimeout);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] ?? "partner-sync",
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                // Ours, Npgsql's own (db.client.*), and HttpClient's http.client.request.duration: the calls' latency.
                metrics.AddMeter(ConnectorMetrics.MeterName, "Npgsql", "System.Net.Http");
                metrics.AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
                    || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]))
                {
                    // Endpoint, protocol, headers and interval come from the standard OTEL_* settings.
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }

    public static WebApplication MapConnectorMonitoring(this WebApplication app)
    {
        // The account-wide instruments exist once this is created.
        app.Services.GetRequiredService<AccountMetrics>();
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = HealthResponse.WriteAsync });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
