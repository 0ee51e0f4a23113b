using Connector.Host.Hosting;
using Connector.Sources;
using Connector.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

/// <summary><c>import file.csv [--dry-run]</c>: the same import as the drop folder. A dry run stages inside a
/// transaction, previews the plan with the file's rows in it, and rolls everything back.</summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string> { "--dry-run" });
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("import takes exactly one CSV file.");
        }

        // Relative to where the user stands (dotnet run keeps the shell's directory: RunWorkingDirectory in the csproj).
        var path = Path.GetFullPath(arguments.Positional[0]);
        if (Directory.Exists(path))
        {
            throw new ConfigurationException($"{path} is a folder; import takes one CSV file (to import every file of a folder, drop them in Sources:CsvDropFolder).");
        }

        if (!File.Exists(path))
        {
            throw new ConfigurationException($"{arguments.Positional[0]}: no such file (looked for {path}).");
        }

        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        await using var services = new ServiceCollection()
            .AddLogging(builder => logging.Configure(builder, configuration))
            .AddConnectorCore(configuration, connectionString)
            .AddImportReportArchive(configuration)
            .BuildServiceProvider();

        var dryRun = arguments.Has("--dry-run");
        PlanResult? preview = null;
        var request = new ImportRequest(
            dryRun,
            ImportChannel.Cli,
            Environment.UserName,
            ReportDirectory: null,
            dryRun
                ? async (connection, transaction, _, ct) =>
                    preview = await services.GetRequiredService<SyncPlanner>().PlanAsync(connection, transaction, runId: 0, preview: true, ct)
                : null);
        var result = await services.GetRequiredService<CsvImporter>().ImportFileAsync(path, request, cancellationToken);
        // The report stays beside the file; the dashboard's Recent imports links a copy.
        if (result is { ReportPath: { } report, ImportId: { } importId } && result.Outcome is not ImportOutcome.AlreadyImported && File.Exists(report))
        {
            services.GetRequiredService<IImportReportArchive>().Keep(report, importId);
        }
        ImportPrinter.Print(path, result, Console.Out);
        if (preview is not null)
        {
            Console.WriteLine("Effect on Partner Central if staged (with everything already pending):");
            PlanPrinter.Print(preview, services, Console.Out);
        }

        return result.ExitCode;
    }
}
