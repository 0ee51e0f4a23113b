using Npgsql;

namespace Connector.IntegrationTests.Infrastructure;

public sealed class DatabaseFixtureTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ConnectionString_OpensTheClassDatabase_WhenFixtureIsInitialised()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_database()", connection);

        Assert.Equal(database.DatabaseName, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task GetAdminConnectionStringAsync_ReturnsSameServer_WhenCalledAgain()
    {
        var first = await PostgresCluster.GetAdminConnectionStringAsync();
        var second = await PostgresCluster.GetAdminConnectionStringAsync();

        Assert.Equal(first, second);
    }
}
