using System.Globalization;
using Connector.Host.Hosting;
using Connector.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

/// <summary><c>reconcile [--dry-run] [--opportunity O ...]</c>: re-reads what the ledger knows now, in the foreground,
/// records drift and prints a summary with the ledger's freshness. Exit 0; 2 for a configuration/connection error.</summary>
public static class ReconcileCommand
{
    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var dryRun = false;
        var opportunities = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--opportunity":
                    // One or more ids: --opportunity O1 O2, --opportunity O1,O2, or the option repeated.
                    var start = opportunities.Count;
                    while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        opportunities.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    }

                    if (opportunities.Count == start)
                    {
                        throw new UsageException("--opportunity needs one or more opportunity ids (O followed by digits).");
                    }

                    break;
                default:
                    throw new UsageException($"unknown option {args[i]}.");
            }
        }

        if (opportunities.FirstOrDefault(o => !Connector.PartnerCentral.RequestValidator.IsOpportunityId(o)) is { } bad)
        {
            throw new UsageException($"'{bad}' is not an opportunity id ('O' followed by 1 to 19 digits).");
        }

        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        await using var services = new ServiceCollection().AddLogging(builder => logging.Configure(builder, configuration)).AddConnectorApp(configuration, connectionString, runServer: false).BuildServiceProvider();
        var summary = await services.GetRequiredService<LedgerReconciler>().ReconcileAsync(dryRun, opportunities.Count == 0 ? null : opportunities, cancellationToken);
        Print(summary, Console.Out);
        return 0;
    }

    public static void Print(ReconcileSummary summary, TextWriter output)
    {
        if (summary.Skipped)
        {
            output.WriteLine("Another reconcile is running (the hourly job, or another server's): nothing read.");
        }
        else
        {
            output.WriteLine($"{(summary.DryRun ? "Dry run: read" : "Read")} {summary.Read} opportunit{(summary.Read == 1 ? "y" : "ies")}; " +
                             $"{summary.Drifts.Count} difference(s) from the ledger{(summary.DryRun ? " (nothing recorded)" : string.Empty)}" +
                             (summary.Reapplied > 0 ? $"; {summary.Reapplied} CRM change(s) re-queued (Sync:DriftPolicy reapply)." : "."));
            foreach (var drift in summary.Drifts.Take(50))
            {
                output.WriteLine($"  {drift.Kind}: {drift.EntityType} {drift.EntityId} — the ledger said {drift.LedgerSaid}, Partner Central has {drift.PartnerCentralHas}".Replace("  —", " —", StringComparison.Ordinal));
            }
        }

        var freshness = summary.Freshness;
        var oldest = freshness.OldestFactAt is { } at
            ? $"the oldest fact was learned {DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"
            : "no fact yet";
        output.WriteLine($"Ledger: {freshness.VerifiedLast24Hours} of {freshness.KnownOpportunities} opportunities verified in the last 24 h; {oldest}; " +
                         $"{freshness.DriftLast24Hours} drift(s) found in the last 24 h.");
    }
}
