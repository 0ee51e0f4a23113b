using Connector.Database;
using Connector.Host.Demo;
using Connector.Host.Hosting;
using Connector.Host.Postgres;
using Connector.PartnerCentral;
using Connector.Sources;
using Microsoft.Extensions.DependencyInjection;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.State;

namespace Connector.Host.Cli;

/// <summary>The main job on the embedded default: a private Postgres, the emulator, sample CRM rows and a sample
/// CSV with bad rows, one full sync through the Hangfire jobs, a summary, and the dashboard until Ctrl+C.</summary>
public static class DemoCommand
{
    /// <summary>Writes per second in the demo: 5× the real default so the demo takes seconds, not a minute.</summary>
    public const int DemoWritesPerSecond = 5;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var once = CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string> { "--once" }).Has("--once");
        var workspace = Path.GetFullPath(Path.Combine(".connector", $"demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        Directory.CreateDirectory(workspace);

        Console.WriteLine("Starting a private Postgres from this machine's PostgreSQL binaries...");
        await using var postgres = await PrivatePostgres.StartAsync(ct: cancellationToken);
        var connectionString = await postgres.CreateDatabaseAsync("connector_demo", cancellationToken);

        await using var emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = DemoWritesPerSecond.ToString(),
            ["Emulator:UnknownAssignees:0"] = DemoData.UnknownAssignee,
            ["Logging:LogLevel:Default"] = "Warning",
        }, ct: cancellationToken);
        // A touch of reality: one opportunity Partner Central does not know yet, one burst of throttling, and
        // an association it already has (so the ledger learns it on first read).
        emulator.SetFaults(new FaultSettings
        {
            Rules =
            [
                new FaultRule { OpportunityId = DemoData.MissingOpportunity, Error = FaultKind.ResourceNotFound },
                new FaultRule { OpportunityId = DemoData.ThrottledOpportunity, Error = FaultKind.Throttling, Times = 1 },
                // Fails for good, every time: so the demo shows a failure, its advice and the retry path.
                new FaultRule
                {
                    OpportunityId = DemoData.RefusedOpportunity,
                    EntityId = DemoData.RefusedSolution,
                    Error = FaultKind.Validation,
                    Message = $"Solution {DemoData.RefusedSolution} is inactive and cannot be associated.",
                },
            ],
        });
        emulator.Seed(
            new SeedOpportunity { Id = "O100004", RelatedEntityIdentifiers = new RelatedEntityIdentifiers { AwsProducts = ["AWSBatch"] } },
            new SeedOpportunity { Id = DemoData.ReviewedOpportunity, ReviewStatus = "In review" });
        Console.WriteLine($"Partner Central emulator on {emulator.BaseAddress} ({DemoWritesPerSecond} writes/s, 10,000 per 24 h).");

        // The demo talks to the emulator only, with the AWS documentation's example key it accepts.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        var configuration = ConnectorConfiguration.Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connector"] = connectionString,
            ["PartnerCentral:Endpoint"] = emulator.BaseAddress.ToString(),
            ["PartnerCentral:WritesPerSecond"] = DemoWritesPerSecond.ToString(),
            ["Sources:CsvDropFolder"] = Path.Combine(workspace, "drop"),
            ["Dashboard:Urls"] = DashboardUrl(),
            // Loopback only, on a machine you are sitting at: no login for the demo.
            ["Dashboard:TrustLoopback"] = "true",
            // The demo prints its own story; the logs stay for warnings (throttling, retries) and worse.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        await MigrationRunner.ApplyAsync(connectionString, cancellationToken);
        await using var app = ServerApp.Build(configuration, connectionString);
        var staged = await app.Services.GetRequiredService<CrmExportStore>().StageAsync(DemoData.Changes(app.Services.GetRequiredService<TimeProvider>().GetUtcNow()), cancellationToken);
        Console.WriteLine($"Staged {staged} sample CRM changes in connector.crm_changes.");
        var sample = Path.Combine(workspace, "demo-associations.csv");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Demo", "demo-associations.csv"), sample);
        var import = await app.Services.GetRequiredService<CsvImporter>().ImportFileAsync(sample, new ImportRequest(false, ImportChannel.Cli, "demo", null), cancellationToken);
        ImportPrinter.Print(sample, import, Console.Out);

        await ServerApp.StartAsync(app, cancellationToken);
        var dashboard = $"{app.Urls.First()}/hangfire";
        // --once serves no dashboard after the summary: name none that would not answer.
        Console.WriteLine(once ? "Full sync through the Hangfire jobs:" : $"Full sync through the Hangfire jobs (dashboard: {dashboard}):");
        var run = await ForegroundSync.RunAsync(app.Services, "demo", cancellationToken);
        RunSummary.Print(run, Console.Out);
        var writes = emulator.Calls.Where(c => c.Operation != "GetOpportunity").ToList();
        var refused = string.Join(", ", writes.Where(c => c.ErrorType is not null).GroupBy(c => c.ErrorType).Select(g => $"{g.Count()} {g.Key}"));
        Console.WriteLine($"Partner Central received {writes.Count} write(s) ({(refused.Length == 0 ? "all accepted" : "refused: " + refused)}) " +
                          $"and {emulator.Calls.Count - writes.Count} read(s) for {run.Synced} change(s) synced; {run.Superseded + run.Unchanged} staged change(s) needed no call.");
        await PrintFailuresAsync(app.Services, cancellationToken);

        // AWS recommends Marketplace solutions over legacy ones: replace one the sync just associated, attach first.
        var map = Path.Combine(workspace, "solution-map.csv");
        await File.WriteAllTextAsync(map, DemoData.MigrationMap, cancellationToken);
        Console.WriteLine($"Replacing legacy solution {DemoData.MigratedSolution} by a Marketplace solution (connector migrate-solutions {Path.GetFileName(map)}):");
        var migration = await app.Services.GetRequiredService<CsvImporter>().ImportFileAsync(map,
            new ImportRequest(false, ImportChannel.Cli, "demo", null, RequiredKind: CsvKind.SolutionMap), cancellationToken);
        ImportPrinter.Print(map, migration, Console.Out);
        RunSummary.Print(await ForegroundSync.RunAsync(app.Services, "demo", cancellationToken), Console.Out);
        Console.WriteLine($"Demo files and reports: {workspace} (drop folder: {Path.Combine(workspace, "drop")})");

        if (!once)
        {
            if (!app.Urls.First().EndsWith(":5080", StringComparison.Ordinal))
            {
                Console.WriteLine($"Port 5080 was taken: the dashboard listens on {app.Urls.First()} instead.");
            }

            Console.WriteLine($"Dashboard (Sync page): {dashboard}/sync");
            Console.WriteLine($"Postgres: {DisplayedConnectionString(connectionString)} (password in {postgres.PasswordFile})");
            Console.WriteLine("Serving the dashboard; Ctrl+C stops the demo and its Postgres.");
            await ServerApp.WaitForShutdownAsync(app, cancellationToken);
        }

        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    // Each failed change with its reason and what to do about it: the path a user takes after a real failure.
    private static async Task PrintFailuresAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var failed = await services.GetRequiredService<Connector.Changes.ChangeHistoryStore>().ListAsync(Connector.Changes.ChangeStatus.Failed, null, null, 20, cancellationToken);
        foreach (var change in failed)
        {
            Console.WriteLine($"Failed: change #{change.Id} {change.ChangeType} {change.Catalog}/{change.OpportunityId} {change.Target}: {change.ErrorType} — {change.Detail}");
            Console.WriteLine(change.ChangeType == Connector.Changes.ChangeType.Assign
                ? "  What to do: Partner Central does not know this assignee as a user of the account; the other changes naming " +
                  "them were rejected without a write. Add the user in Partner Central, then 'connector assignees reset <email>' " +
                  $"(or Reset on the Sync page) and 'connector retry --id {change.Id}'."
                : $"  What to do: Partner Central refused the values, so retrying alone fails again. Fix the row in the CRM " +
                  $"(here: an active solution) and stage it again, or fix it in Partner Central and run 'connector retry --id {change.Id}'. " +
                  $"'connector changes show {change.Id}' shows its whole history.");
        }
    }

    // The demo's database as psql or another tool would reach it; the password stays in its file.
    private static string DisplayedConnectionString(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;

    // 5080 when free, so the README's URL works; any free port otherwise.
    private static string DashboardUrl()
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 5080);
            probe.Start();
            probe.Stop();
            return "http://127.0.0.1:5080";
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "http://127.0.0.1:0";
        }
    }
}
