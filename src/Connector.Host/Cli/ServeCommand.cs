using Connector.Host.Hosting;

namespace Connector.Host.Cli;

public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string>());
        var configuration = ConnectorConfiguration.Build();
        SettingsCheck.PartnerCentral(configuration);
        SettingsCheck.Schedules(configuration);
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        await using var app = ServerApp.Build(configuration, connectionString);
        await ServerApp.StartAsync(app, cancellationToken);
        Console.WriteLine($"Serving; dashboard at {string.Join(", ", app.Urls)}/hangfire. Ctrl+C stops.");
        await ServerApp.WaitForShutdownAsync(app, cancellationToken);
        await app.StopAsync(CancellationToken.None);
        return 0;
    }
}
