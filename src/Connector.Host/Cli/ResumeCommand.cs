using Connector.Host.Hosting;
using Connector.Jobs;
using Connector.Sync;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

/// <summary><c>resume</c>: lifts the pause that access-denied and credential errors put on every server, once the
/// policy or the credentials are fixed, and queues a sync for the running servers; nothing was lost meanwhile (the
/// paused changes are still queued). Exit 0 (also when nothing was paused); 2 configuration/connection error.</summary>
public static class ResumeCommand
{
    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string>());
        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        await using var services = new ServiceCollection()
            .AddLogging(builder => logging.Configure(builder, configuration))
            .AddConnectorApp(configuration, connectionString, runServer: false)
            .BuildServiceProvider();
        if (await services.GetRequiredService<AccountPacer>().ResumeAsync(cancellationToken) is not { } lifted)
        {
            Console.WriteLine("The sync is not paused; nothing to resume.");
            return 0;
        }

        var jobId = services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("resume", CancellationToken.None));
        Console.WriteLine($"Pause lifted (it was: {lifted}). Sync job {jobId} is queued for the running servers; " +
                          "'connector sync' sends the waiting changes now if none runs. If the cause is not fixed, the next call pauses it again.");
        return 0;
    }
}
