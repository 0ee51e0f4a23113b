using Connector.Database;
using Npgsql;

namespace Connector.IntegrationTests.Infrastructure;

/// <summary>TEMPORARY stand-in for the shared fixture (being written on another branch): a fresh database per
/// test class on the server named by CONNECTOR_TEST_POSTGRES, migrated by the production migration code.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private const string ConnectionStringVariable = "CONNECTOR_TEST_POSTGRES";

    public string DatabaseName { get; } = "connector_test_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var admin = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException($"Set {ConnectionStringVariable} to a PostgreSQL connection string (temporary fixture).");
        }

        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = DatabaseName }.ConnectionString;
        await MigrationRunner.ApplyAsync(ConnectionString, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(ConnectionStringVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
