using System.Reflection;
using DbUp;
using DbUp.Engine;

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
