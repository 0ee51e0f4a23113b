using Connector.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Database;

/// <summary>crm_changes.import_id keeps the foreign key's rule (migration 0002 checks it per statement, not per row).</summary>
public sealed class ImportReferenceTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Constraint = "crm_changes_import_id_fkey";

    [Fact]
    public async Task StagedRows_NamingAnImportThatDoesNotExist_AreRefused_WholeStatement()
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var importId = await InsertImportAsync(connection, transaction);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            """
            insert into connector.crm_changes (change_type, opportunity_id, import_id)
            values ('associate', 'O1', @importId), ('associate', 'O2', @importId + 1000), ('associate', 'O3', null)
            """, new { importId }, transaction));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.Equal(Constraint, error.ConstraintName);
    }

    [Fact]
    public async Task StagedRows_NamingAnExistingImportOrNone_AreAccepted()
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var importId = await InsertImportAsync(connection, transaction);

        var inserted = await connection.ExecuteAsync(
            "insert into connector.crm_changes (change_type, opportunity_id, import_id) values ('associate', 'O1', @importId), ('associate', 'O2', null)",
            new { importId }, transaction);

        Assert.Equal(2, inserted);
    }

    [Fact]
    public async Task SettingImportId_ToAnImportThatDoesNotExist_IsRefused()
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var changeId = await connection.ExecuteScalarAsync<long>(
            "insert into connector.crm_changes (change_type, opportunity_id) values ('associate', 'O1') returning id", transaction: transaction);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "update connector.crm_changes set import_id = -1 where id = @changeId", new { changeId }, transaction));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.Equal(Constraint, error.ConstraintName);
    }

    [Fact]
    public async Task AnImport_NamedByStagedRows_CannotBeDeleted_UntilTheRowsAreGone()
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var importId = await InsertImportAsync(connection, transaction);
        await connection.ExecuteAsync(
            "insert into connector.crm_changes (change_type, opportunity_id, import_id) values ('associate', 'O1', @importId)", new { importId }, transaction);

        await connection.ExecuteAsync("savepoint before_delete", transaction: transaction);
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "delete from connector.imports where id = @importId", new { importId }, transaction));
        await connection.ExecuteAsync("rollback to savepoint before_delete", transaction: transaction);

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.Equal(Constraint, error.ConstraintName);
        await connection.ExecuteAsync("delete from connector.crm_changes where import_id = @importId", new { importId }, transaction);
        Assert.Equal(1, await connection.ExecuteAsync("delete from connector.imports where id = @importId", new { importId }, transaction));
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static Task<long> InsertImportAsync(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        connection.ExecuteScalarAsync<long>(
            "insert into connector.imports (file_name, content_sha256, received_via, outcome) values ('f.csv', md5(random()::text), 'cli', 'processed') returning id",
            transaction: transaction);
}
