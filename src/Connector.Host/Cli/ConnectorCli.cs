using System.Net.Sockets;
using System.Runtime.InteropServices;
using Connector.Database;
using Connector.Host.Hosting;
using Npgsql;

namespace Connector.Host.Cli;

/// <summary>Dispatches the contract's verbs. Expected mistakes (configuration, unreachable database, bad
/// input) end with one clear line on stderr and exit code 2, never a stack trace.</summary>
public static class ConnectorCli
{
    public const string Usage = """
        usage: connector <command> [options]

          demo [--once]                     private Postgres + emulator + sample data, full sync, dashboard
          serve                             Hangfire server + dashboard + recurring jobs from config
          sync [--dry-run]                  one full sync now, in the foreground
          import <file.csv> [--dry-run]     validate a CSV file and stage its good rows
          status [--json]                   backlog, failures, quota used, ETA, last runs
          retry [--all-failed | --id N | --error-type T]
                                            requeue failed changes (also lifts a pause)
          resume                            lift a pause (access denied, bad credentials) once fixed
          changes [--status S] [--opportunity O] [--import N] [--json]
                                            list changes (newest first)
          changes show N [--json]           one change's whole history
          assignees [--json]                assignee emails Partner Central refused (not sent again)
          assignees reset <email> | --all   forget them; their rejected changes go back to pending
          solutions [--json] | solutions refresh [--catalog C]
                                            the account's solutions as last listed; list them again
          migrate-solutions <map.csv> [--dry-run]
                                            replace legacy solutions (S-...) by Marketplace ones, attach first
          reconcile [--dry-run] [--opportunity O ...]
                                            re-read what the ledger knows, record drift
          migrate                           apply pending database migrations
          hash-password                     read a password on stdin, print the hash for Dashboard:Users

        Options for every command: --verbose  also show the host's and jobs' logs on stderr
        (one-shot commands write them to .connector/logs/connector-<date>.log, Logging:File:Folder).
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        // --verbose, anywhere: the host's and jobs' logs also on stderr (they always go to the log file).
        var verbose = args.Contains("--verbose");
        args = [.. args.Where(a => a != "--verbose")];
        using var logging = new CliLogging(verbose);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Ctrl+C and SIGTERM (docker stop, systemd) end the command gracefully: servers drain, private Postgres stops.
        Action<PosixSignalContext> onSignal = context =>
        {
            context.Cancel = true;
            stop.Cancel();
        };
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
        try
        {
            var rest = args[1..];
            return args[0] switch
            {
                "migrate" => await MigrateCommand.RunAsync(rest, stop.Token),
                "sync" => await SyncCommand.RunAsync(rest, logging, stop.Token),
                "status" => await StatusCommand.RunAsync(rest, logging, stop.Token),
                "retry" => await RetryCommand.RunAsync(rest, logging, stop.Token),
                "changes" => await ChangesCommand.RunAsync(rest, logging, stop.Token),
                "reconcile" => await ReconcileCommand.RunAsync(rest, logging, stop.Token),
                "assignees" => await AssigneesCommand.RunAsync(rest, logging, stop.Token),
                "solutions" => await SolutionsCommand.RunAsync(rest, logging, stop.Token),
                "resume" => await ResumeCommand.RunAsync(rest, logging, stop.Token),
                "serve" => await ServeCommand.RunAsync(rest, stop.Token),
                "import" => await ImportCommand.RunAsync(rest, logging, stop.Token),
                "migrate-solutions" => await ImportCommand.MigrateSolutionsAsync(rest, logging, stop.Token),
                "demo" => await DemoCommand.RunAsync(rest, stop.Token),
                "hash-password" => await HashPasswordCommand.RunAsync(rest, stop.Token),
                _ => throw new UsageException($"unknown command '{args[0]}'."),
            };
        }
        catch (UsageException error)
        {
            await Console.Error.WriteLineAsync($"connector: {error.Message}\n\n{Usage}");
            return 2;
        }
        catch (Exception error) when (Describe(error) is { } line)
        {
            await Console.Error.WriteLineAsync($"connector: {line}");
            return 2;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("connector: stopped.");
            return 130;
        }
        finally
        {
            logging.ReportLocation(Console.Error);
        }
    }

    /// <summary>The one-line explanation of an expected failure, or null for a real bug (which keeps its trace).</summary>
    public static string? Describe(Exception error) => error switch
    {
        ConfigurationException e => e.Message,
        MigrationFailedException e => $"database migration {e.ScriptName} failed and was rolled back: {e.InnerException?.Message}",
        NpgsqlException { InnerException: SocketException or TimeoutException } e => $"cannot reach the database ({e.InnerException!.Message}). Check ConnectionStrings:Connector and that Postgres is running.",
        NpgsqlException { IsTransient: true } e => $"cannot reach the database ({e.Message}). Check ConnectionStrings:Connector and that Postgres is running.",
        PostgresException { SqlState: "28P01" or "28000" or "3D000" } e => $"the database refused the connection: {e.MessageText}. Check ConnectionStrings:Connector.",
        SocketException e => $"cannot reach the database ({e.Message}). Check ConnectionStrings:Connector.",
        _ => ExpectedTypes.Describe(error),
    };

    /// <summary>Settings, then the database schema: what every verb that touches Postgres does first.</summary>
    public static async Task<string> PrepareDatabaseAsync(Microsoft.Extensions.Configuration.IConfiguration configuration, CancellationToken cancellationToken)
    {
        var connectionString = SettingsCheck.ConnectionString(configuration);
        await ReachDatabaseAsync(connectionString, cancellationToken);
        await MigrationRunner.ApplyAsync(connectionString, cancellationToken);
        return connectionString;
    }

    /// <summary>Opens one connection first, so an unreachable database is reported as that, not as a failed migration.</summary>
    public static async Task<bool> ReachDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return true;
    }
}
