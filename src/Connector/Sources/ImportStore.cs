using Dapper;
using Npgsql;

namespace Connector.Sources;

/// <summary>Data access for <c>connector.imports</c>: one row per file received, good or bad.</summary>
internal static class ImportStore
{
    public const string Processed = "processed";
    public const string Rejected = "rejected";

    private const string FindProcessedSql = """
        select id, received_at
        from connector.imports
        where content_sha256 = @Sha256 and outcome = 'processed'
        """;

    // A dry run's row is never committed, so it takes no number from the sequence (import numbers stay consecutive
    // for the files really imported): it borrows a negative id unique among live sessions, the backend's pid.
    private const string InsertSql = """
        insert into connector.imports (id, file_name, content_sha256, kind, received_via, received_by, received_at, outcome, rows_accepted, rows_rejected, detail)
        values (case when @DryRun then -pg_backend_pid() else nextval('connector.imports_id_seq') end,
                @FileName, @Sha256, @Kind, @ReceivedVia, @ReceivedBy, @ReceivedAt, @Outcome, 0, 0, @Detail)
        returning id
        """;

    private const string CompleteSql = """
        update connector.imports
        set outcome = @Outcome, rows_accepted = @RowsAccepted, rows_rejected = @RowsRejected, detail = @Detail
        where id = @Id
        """;

    public static Task<ExistingImportRow?> FindProcessedAsync(NpgsqlConnection connection, string sha256, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ExistingImportRow>(new CommandDefinition(FindProcessedSql, new { Sha256 = sha256 }, cancellationToken: ct));

    /// <summary>Inserts the file's row. As <c>processed</c>, the unique index on the hash makes a concurrent import
    /// of the same bytes wait for this transaction and then fail with a unique violation.</summary>
    public static Task<long> InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string fileName,
        string sha256,
        string? kind,
        ImportRequest request,
        DateTimeOffset receivedAt,
        string outcome,
        string? detail,
        CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            FileName = fileName,
            Sha256 = sha256,
            Kind = kind,
            request.ReceivedVia,
            request.ReceivedBy,
            ReceivedAt = receivedAt.UtcDateTime,
            Outcome = outcome,
            Detail = detail,
            request.DryRun,
        }, transaction, cancellationToken: ct));

    public static Task CompleteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long id,
        string outcome,
        int rowsAccepted,
        int rowsRejected,
        string detail,
        CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            Id = id,
            Outcome = outcome,
            RowsAccepted = rowsAccepted,
            RowsRejected = rowsRejected,
            Detail = detail,
        }, transaction, cancellationToken: ct));
}
