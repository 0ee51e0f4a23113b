using Dapper;
using Npgsql;

namespace Connector.Host.Dashboard;

/// <summary>Reads the latest <c>connector.imports</c> rows with their rows' statuses, for the Sync page.</summary>
public sealed class RecentImportsStore(NpgsqlDataSource dataSource)
{
    private const string ImportsSql = """
        select id as Id, file_name as FileName, received_via as ReceivedVia, received_by as ReceivedBy, received_at as ReceivedAt,
               outcome as Outcome, rows_accepted as RowsAccepted, rows_rejected as RowsRejected, detail as Detail
          from connector.imports
         where (@id::bigint is null or id = @id)
         order by id desc
         limit @limit
        """;

    // One pass over the staging table for all shown imports (there is no index on import_id).
    private const string StatusesSql = """
        select import_id as ImportId, status as Status, count(*)::int as Count
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

    private sealed record StatusCount(long ImportId, string Status, int Count);
}
