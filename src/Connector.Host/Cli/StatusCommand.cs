using System.Text.Json;
using Connector.Host.Hosting;
using Connector.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

public static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string> { "--json" });
        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        var services = new ServiceCollection().AddLogging(builder => logging.Configure(builder, configuration)).AddConnectorCore(configuration, connectionString).BuildServiceProvider();
        await using var _ = services;
        var status = await services.GetRequiredService<StatusStore>().ReadAsync(runs: 5, cancellationToken);
        if (arguments.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(StatusDocument.From(status), Json));
        }
        else
        {
            StatusPrinter.Print(status, Console.Out);
        }

        return 0;
    }
}
