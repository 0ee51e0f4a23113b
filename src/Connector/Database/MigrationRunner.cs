using System.Reflection;
using DbUp;
using DbUp.Engine;
using Npgsql;

namespace Connector.Database;

/// <summary>Applies the numbered scripts embedded from <c>migrations/</c>, in order, each in its own transaction,
/// journaled in <c>connector.schema_versions</c> so a second run is a no-op.</summary>
public static class MigrationRunner
{
    private const string ResourcePrefix = "migrations.";

    public static Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        // DbUp is synchronous; keep callers async-friendly without blocking a request thread.
        return Task.Run(() => Apply(connectionString), cancellationToken);
    }

    private const string JournalSql = "select scriptname from public.connector_schema_versions";

    /// <summary>The embedded scripts the database's journal does not list, read with one query (for readiness probes:
    /// no DbUp engine, no second connection pool).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var embedded = Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(JournalSql, connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Never migrated: everything is pending.
        }

        return embedded.Where(name => !applied.Contains(name)).ToList();
    }

    public static IReadOnlyList<string> Pending(string connectionString) =>
        Build(connectionString).GetScriptsToExecute().Select(s => s.Name).ToList();

    private static IReadOnlyList<string> Apply(string connectionString)
    {
        var result = Build(connectionString).PerformUpgrade();
        if (!result.Successful)
        {
            var script = result.ErrorScript?.Name ?? "(unknown script)";
            throw new MigrationFailedException(script, result.Error);
        }

        return result.Scripts.Select(s => s.Name).ToList();
    }

    private static UpgradeEngine Build(string connectionString) =>
        DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            // The journal lives in "public" until schema connector exists (created by the first script).
            .JournalToPostgresqlTable("public", "connector_schema_versions")
            .LogToNowhere()
            .Build();
}
