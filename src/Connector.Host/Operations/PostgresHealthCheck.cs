using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Connector.Host.Operations;

/// <summary>Readiness: the connector's database answers a query.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The exception type and SQLSTATE only: a message could name the host, a connection string never appears.
            return HealthCheckResult.Unhealthy($"unreachable ({Describe(e)})");
        }
    }

    internal static string Describe(Exception e) => e is PostgresException postgres ? $"SQLSTATE {postgres.SqlState}" : e.GetType().Name;
}
