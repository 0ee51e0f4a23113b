using Connector.Changes;
using Connector.Host.Hosting;
using Connector.Jobs;
using Connector.Sync;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

/// <summary>Requeues failed changes and queues a sync for whichever server runs; the plan re-checks each against
/// the ledger, so nothing Partner Central already has is sent again.</summary>
public static class RetryCommand
{
    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string> { "--id", "--error-type" }, new HashSet<string> { "--all-failed" });
        long? id = null;
        if (arguments.Value("--id") is { } idText)
        {
            id = long.TryParse(idText, out var parsed) ? parsed : throw new UsageException($"--id takes a change id (a number), not '{idText}'.");
        }

        var errorType = arguments.Value("--error-type");
        if (id is null && errorType is null && !arguments.Has("--all-failed"))
        {
            throw new UsageException("say which failed changes to retry: --all-failed, --id N or --error-type T.");
        }

        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        var services = new ServiceCollection().AddLogging(builder => logging.Configure(builder, configuration)).AddConnectorApp(configuration, connectionString, runServer: false).BuildServiceProvider();
        await using var _ = services;
        var count = await services.GetRequiredService<RetryStore>().RequeueFailedAsync(id, errorType, "cli", cancellationToken);
        // A person asking for a retry has fixed what they could: that also lifts a pause (as 'connector resume').
        var lifted = await services.GetRequiredService<AccountPacer>().ResumeAsync(cancellationToken);
        if (lifted is not null)
        {
            Console.WriteLine($"Pause lifted (it was: {lifted}).");
        }
        if (count == 0 && id is { } missing && await services.GetRequiredService<ChangeHistoryStore>().ShowAsync(missing, cancellationToken) is null)
        {
            await Console.Error.WriteLineAsync($"connector: there is no change {missing}; nothing requeued ('connector changes --status failed' lists the failed ones).");
            return 1;
        }

        if (count == 0)
        {
            Console.WriteLine(id is null ? "No failed change matched; nothing requeued." : $"Change {id} is not failed; nothing requeued.");
            if (lifted is not null)
            {
                var pausedJob = services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("retry", CancellationToken.None));
                Console.WriteLine($"Sync job {pausedJob} is queued to send the changes the pause held back.");
            }

            return 0;
        }

        var jobId = services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("retry", CancellationToken.None));
        Console.WriteLine($"Requeued {count} failed change(s); sync job {jobId} is queued for the running servers ('connector sync' sends them now if none runs).");
        return 0;
    }
}
