using Dapper;
using Npgsql;

namespace Connector.Sources;

/// <summary>Reads the latest <c>connector.imports</c> rows with their rows' statuses (the dashboard's Recent imports).</summary>
public sealed class RecentImportsStore(NpgsqlDataSource dataSource)
{
    private const string ImportsSql = """
        select id, file_name, received_via, received_by, received_at, outcome, rows_accepted, rows_rejected, detail
          from connector.imports
         where (@id::bigint is null or id = @id)
         order by id desc
         limit @limit
        """;

    // One pass over the staging table for all shown imports (there is no index on import_id).
    private const string StatusesSql = """
        select import_id, status, count(*)::int as count
          from connector.crm_changes
         where import_id = any(@ids)
         group by 1, 2
        """;

    public Task<IReadOnlyList<RecentImport>> ReadAsync(int limit, CancellationToken ct) => ReadAsync(null, limit, ct);

    public async Task<RecentImport?> FindAsync(long id, CancellationToken ct) => (await ReadAsync(id, 1, ct)).FirstOrDefault();

    private async Task<IReadOnlyList<RecentImport>> ReadAsync(long? id, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var imports = (await connection.QueryAsync<RecentImport>(new CommandDefinition(ImportsSql, new { id, limit }, cancellationToken: ct))).ToList();
        if (imports.Count == 0)
        {
            return imports;
        }

        var counts = await connection.QueryAsync<StatusCount>(new CommandDefinition(StatusesSql, new { ids = imports.Select(i => i.Id).ToArray() }, cancellationToken: ct));
        var byImport = counts.GroupBy(c => c.ImportId).ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Status, c => c.Count));
        foreach (var import in imports)
        {
            import.Statuses = byImport.GetValueOrDefault(import.Id) ?? new Dictionary<string, int>();
        }

        return imports;
    }

    private sealed class StatusCount
    {
        public long ImportId { get; init; }

        public string Status { get; init; } = string.Empty;

        public int Count { get; init; }
    }
}

/// <summary>One file received (dropped, imported from the CLI or uploaded) and what became of its rows since: the row
/// shape of <see cref="RecentImportsStore"/>.</summary>
public sealed class RecentImport
{
    public long Id { get; init; }

    public string FileName { get; init; } = string.Empty;

    public string ReceivedVia { get; init; } = string.Empty;

    public string? ReceivedBy { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string Outcome { get; init; } = string.Empty;

    public int RowsAccepted { get; init; }

    public int RowsRejected { get; init; }

    public string? Detail { get; init; }

    /// <summary>False when the file was refused as a whole.</summary>
    public bool IsProcessed => Outcome == ImportStore.Processed;

    /// <summary>The file's staged rows by current status (<c>crm_changes.import_id</c>).</summary>
    public IReadOnlyDictionary<string, int> Statuses { get; set; } = new Dictionary<string, int>();
}
