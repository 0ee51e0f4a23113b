using System.Text.Json;
using Connector.Host.Hosting;
using Connector.Solutions;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

/// <summary><c>solutions [--json]</c> shows the account's partner solutions as last listed (those not Active first);
/// <c>solutions refresh [--catalog C]</c> lists them again now (reads). Exit 0; 1 when a refresh failed (the last list
/// is kept); 2 for bad arguments or a configuration/connection error.</summary>
public static class SolutionsCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string> { "--catalog" }, new HashSet<string> { "--json" });
        var refresh = arguments.Positional.Count == 1 && arguments.Positional[0] == "refresh";
        if (arguments.Positional.Count > (refresh ? 1 : 0) || (!refresh && arguments.Value("--catalog") is not null))
        {
            throw new UsageException($"solutions takes --json, or 'refresh [--catalog C]': '{string.Join(' ', args)}' is neither.");
        }

        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        await using var services = new ServiceCollection().AddLogging(builder => logging.Configure(builder, configuration))
            .AddConnectorApp(configuration, connectionString, runServer: false).BuildServiceProvider();
        var cache = services.GetRequiredService<SolutionCache>();
        if (refresh)
        {
            var results = arguments.Value("--catalog") is { } catalog
                ? [await cache.RefreshAsync(catalog, cancellationToken)]
                : await cache.RefreshAllAsync(cancellationToken);
            foreach (var result in results)
            {
                Console.WriteLine(result.Listed
                    ? $"{result.Catalog}: {result.Solutions} solution(s) listed."
                    : $"{result.Catalog}: not listed ({result.Failure}); the last list is kept.");
            }

            return results.All(r => r.Listed) ? 0 : 1;
        }

        var lists = await cache.ListAsync(cancellationToken);
        if (arguments.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(lists, Json));
            return 0;
        }

        if (lists.Count == 0)
        {
            Console.WriteLine("The account's solutions were never listed: associates of solutions are sent unchecked. 'connector solutions refresh' lists them (serve does it hourly).");
            return 0;
        }

        foreach (var list in lists)
        {
            Console.WriteLine($"{list.Catalog}: {list.Solutions.Count} solution(s), listed {CliStamp.Of(list.RefreshedAt)}");
            foreach (var solution in list.Solutions.OrderBy(s => s.Status == SolutionStatus.Active).ThenBy(s => s.Id, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {solution.Id,-12}  {solution.Status,-8}  {solution.Name}");
            }
        }

        return 0;
    }
}
