using Connector.Database;
using Connector.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Database;

public sealed class MigrationRunnerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ApplyAsync_CreatesTheContractsStagingTable_WithItsColumnsTypesAndDefaults()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var columns = (await connection.QueryAsync<(string Name, string Type, string? Default)>(
            """
            select column_name, data_type, column_default from information_schema.columns
             where table_schema = 'connector' and table_name = 'crm_changes'
            """)).ToDictionary(c => c.Name);

        var contract = new Dictionary<string, string>
        {
            ["id"] = "bigint", ["change_type"] = "text", ["catalog"] = "text", ["opportunity_id"] = "text",
            ["entity_type"] = "text", ["entity_id"] = "text", ["assignee_email"] = "text", ["assignee_first_name"] = "text",
            ["assignee_last_name"] = "text", ["assignee_business_title"] = "text", ["assignee_phone"] = "text",
            ["changed_at"] = "timestamp with time zone", ["status"] = "text", ["status_detail"] = "text",
            ["processed_at"] = "timestamp with time zone", ["request_id"] = "text",
        };
        Assert.All(contract, c => Assert.Equal(c.Value, columns[c.Key].Type));
        Assert.StartsWith("nextval(", columns["id"].Default);
        Assert.Equal("now()", columns["changed_at"].Default);
        Assert.Equal("'pending'::text", columns["status"].Default);
    }

    [Fact]
    public async Task ApplyAsync_IsANoOp_WhenRunASecondTime()
    {
        var applied = await MigrationRunner.ApplyAsync(database.ConnectionString, CancellationToken.None);

        Assert.Empty(applied);
        Assert.Contains("migrations.0001_create_connector_schema.sql", database.AppliedMigrations);
    }

    [Fact]
    public async Task StagingTable_RefusesAnUnknownStatus_SoTheCrmCanRelyOnTheList()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "insert into connector.crm_changes (change_type, opportunity_id, status) values ('associate', 'O1', 'done')"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}
