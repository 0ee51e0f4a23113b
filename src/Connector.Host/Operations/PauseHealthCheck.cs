using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Connector.Host.Operations;

/// <summary>Readiness: the sync is not paused (connector.pace.paused_reason). The reason itself, which quotes the API,
/// stays on the dashboard: this endpoint answers anyone.</summary>
internal sealed class PauseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private const string PausedAtSql = "select coalesce(paused_at, now()) from connector.pace where id = 1 and paused_reason is not null";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand(PausedAtSql);
            return await command.ExecuteScalarAsync(cancellationToken) is DateTime pausedAt
                ? HealthCheckResult.Unhealthy($"paused since {pausedAt:yyyy-MM-dd HH:mm:ss} UTC (access denied or credentials); see the dashboard's Sync page, then retry")
                : HealthCheckResult.Healthy("not paused");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"cannot read the pause state ({PostgresHealthCheck.Describe(e)})");
        }
    }
}
