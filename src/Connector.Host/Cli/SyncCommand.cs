using Connector.Host.Hosting;
using Connector.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Host.Cli;

public static class SyncCommand
{
    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string> { "--dry-run" });
        var configuration = ConnectorConfiguration.Build();
        SettingsCheck.PartnerCentral(configuration);
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);
        logging.Configure(builder.Logging, configuration);
        builder.Services.AddConnectorApp(configuration, connectionString, runServer: !arguments.Has("--dry-run"));
        using var host = builder.Build();

        if (arguments.Has("--dry-run"))
        {
            var plan = await host.Services.GetRequiredService<SyncService>().PreviewAsync(cancellationToken);
            PlanPrinter.Print(plan, host.Services, Console.Out);
            return 0;
        }

        // Fail fast, before any job runs, when no AWS credentials can be found.
        await host.Services.GetRequiredService<Connector.PartnerCentral.Credentials.IAwsCredentialSource>().GetCredentialsAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        try
        {
            var run = await ForegroundSync.RunAsync(host.Services, "cli", cancellationToken, plain: logging.Verbose);
            RunSummary.Print(run, Console.Out);
            return RunSummary.ExitCode(run);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
