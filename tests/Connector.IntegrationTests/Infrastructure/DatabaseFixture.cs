using Connector.Database;
using Npgsql;

namespace Connector.IntegrationTests.Infrastructure;

// TEMP stub: replaced by the foundation branch's fixture at merge.
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("CONNECTOR_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres";
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await MigrationRunner.ApplyAsync(ConnectionString, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
