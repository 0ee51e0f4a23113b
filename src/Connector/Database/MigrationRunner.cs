namespace Connector.Database;

// TEMP stub so the test fixture compiles on the foundation branch; the real runner is written on main.
// Drop this file (and its commit) at merge.
public static class MigrationRunner
{
    public static Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken ct)
        => Task.FromResult<IReadOnlyList<string>>(Array.Empty<string>());
}
