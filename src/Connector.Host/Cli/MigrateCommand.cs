using Connector.Database;
using Connector.Host.Hosting;

namespace Connector.Host.Cli;

public static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string>());
        var configuration = ConnectorConfiguration.Build();
        var connectionString = SettingsCheck.ConnectionString(configuration);
        await ConnectorCli.ReachDatabaseAsync(connectionString, cancellationToken);
        var applied = await MigrationRunner.ApplyAsync(connectionString, cancellationToken);
        Console.WriteLine(applied.Count == 0
            ? "Database is up to date; no migration to apply."
            : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }
}
