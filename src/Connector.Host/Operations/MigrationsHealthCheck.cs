using Connector.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Connector.Host.Operations;

/// <summary>Readiness: every migration this build embeds is in the database's journal.</summary>
internal sealed class MigrationsHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await MigrationRunner.PendingAsync(dataSource, cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("current")
                : HealthCheckResult.Unhealthy($"{pending.Count} pending: {string.Join(", ", pending)}; run 'connector migrate'");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"cannot read the journal ({PostgresHealthCheck.Describe(e)})");
        }
    }
}
