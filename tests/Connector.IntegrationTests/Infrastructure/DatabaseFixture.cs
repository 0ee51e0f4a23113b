using Connector.Database;

namespace Connector.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh database per test class on the run's one server, migrated by the production migration code.
/// Use with <c>IClassFixture&lt;DatabaseFixture&gt;</c>.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public DatabaseFixture()
    {
        DatabaseName = "connector_test_" + Guid.NewGuid().ToString("N")[..16];
    }

    public string DatabaseName { get; }

    /// <summary>Npgsql connection string to this class's database (valid after initialisation).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Migration scripts applied when the database was created, in order.</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresCluster.CreateDatabaseAsync(DatabaseName, CancellationToken.None);
        AppliedMigrations = await MigrationRunner.ApplyAsync(ConnectionString, CancellationToken.None);
    }

    // Dropping matters on a shared CONNECTOR_TEST_POSTGRES server; on the private one it just frees space early.
    public Task DisposeAsync() => PostgresCluster.DropDatabaseAsync(DatabaseName, CancellationToken.None);
}
