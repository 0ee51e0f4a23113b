using System.Globalization;
using Connector.Host.Hosting;
using Connector.Sources;
using Connector.Sync;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Connector.Host.Cli;

/// <summary><c>import file.csv [--dry-run]</c>: the same import as the drop folder. A dry run stages inside a
/// transaction, previews the plan with the file's rows in it, and rolls everything back.</summary>
public static class ImportCommand
{
    public static Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken) =>
        RunAsync("import", requiredKind: null, args, logging, cancellationToken);

    /// <summary><c>migrate-solutions map.csv [--dry-run]</c>: the same import, of a legacy-solution map only.</summary>
    public static Task<int> MigrateSolutionsAsync(string[] args, CliLogging logging, CancellationToken cancellationToken) =>
        RunAsync("migrate-solutions", CsvKind.SolutionMap, args, logging, cancellationToken);

    private static async Task<int> RunAsync(string command, string? requiredKind, string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string> { "--dry-run" });
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException($"{command} takes exactly one CSV file.");
        }

        // Relative to where the user stands (dotnet run keeps the shell's directory: RunWorkingDirectory in the csproj).
        var path = Path.GetFullPath(arguments.Positional[0]);
        if (Directory.Exists(path))
        {
            throw new ConfigurationException($"{path} is a folder; {command} takes one CSV file (to import every file of a folder, drop them in Sources:CsvDropFolder).");
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
                : null,
            RequiredKind: requiredKind);
        var importer = services.GetRequiredService<CsvImporter>();
        // A terminal gets one progress line for a long file, cleared when done; a pipe, or log lines on stderr
        // (--verbose) that would tear a line redrawn in place, get none.
        var result = Console.IsOutputRedirected || logging.Verbose
            ? await importer.ImportFileAsync(path, request, cancellationToken)
            : await AnsiConsole.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"reading {Path.GetFileName(path)}", maxValue: Math.Max(1, new FileInfo(path).Length));
                    var line = new ImportProgressLine(task, Path.GetFileName(path));
                    return await importer.ImportFileAsync(path, request with { Progress = line }, cancellationToken);
                });
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

    /// <summary>Moves the line as rows are read (set directly: <see cref="Progress{T}"/> would post late, out of order).</summary>
    private sealed class ImportProgressLine(ProgressTask task, string name) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            task.MaxValue = Math.Max(1, value.Length);
            task.Value = value.BytesRead;
            task.Description = value.Rows == 1 ? $"reading {name}: 1 row" : $"reading {name}: {value.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows";
        }
    }
}
