using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.Bench.Infrastructure;
using Connector.Ledger;
using Dapper;
using Npgsql;

namespace Connector.Bench.Benchmarks;

/// <summary>Keeping the ledger true, in reads: (1) CRM rows re-asserting associations the ledger learned more than
/// Sync:LedgerTrustAge ago cost one GetOpportunity per opportunity and no write when Partner Central still has them
/// (goal 1.00 reads per verified opportunity); (2) the hourly reconcile over a ledger of 100,000 facts: reads per run
/// and the share of the 100,000-read daily quota it uses.</summary>
public static class LedgerTrustBenchmark
{
    private const int FactsPerOpportunity = 5;
    private const int ReadQuota = 500;

    public static async Task<BenchLine> RunAsync(BenchSettings settings)
    {
        var facts = settings.RowsOr(100_000, 1_000);
        var opportunities = facts / FactsPerOpportunity;
        var verified = Math.Min(opportunities, settings.Smoke ? 40 : 1_000);
        await using var database = await BenchDatabase.StartAsync();
        var connectionString = await database.CreateAsync("trust");
        await using var emulator = await EmulatorProcess.StartAsync(new Dictionary<string, string>
        {
            ["Emulator:Quotas:ReadsPerSecond"] = ReadQuota.ToString(CultureInfo.InvariantCulture),
            ["Emulator:Quotas:ReadsPer24Hours"] = "10000000",
            ["Emulator:CallLogCapacity"] = "100",
        });
        await using var connector = InProcessConnector.Create(connectionString, emulator.BaseAddress, 1000, 10_000_000, new Dictionary<string, string?>
        {
            ["PartnerCentral:ReadsPerSecond"] = ReadQuota.ToString(CultureInfo.InvariantCulture),
        });

        // Every opportunity has its five solutions in Partner Central and in a ledger learned 30 h ago.
        await SeedAsync(emulator.BaseAddress, opportunities);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync("""
                insert into connector.ledger_associations (catalog, opportunity_id, entity_type, entity_id, associated, learned_at, learned_from)
                select 'AWS', 'O' || (5000000 + o), 'Solutions', 'S-' || s, true, now() - interval '30 hours', 'write'
                  from generate_series(0, @last) o, generate_series(1, @perOpportunity) s
                """, new { last = opportunities - 1, perOpportunity = FactsPerOpportunity }, commandTimeout: 0);
        }

        // (1) The CRM re-asserts every association of the first opportunities.
        await CallEfficiencyBenchmark.StageAsync(connectionString, Enumerable.Range(0, verified * FactsPerOpportunity)
            .Select(i => new CallEfficiencyBenchmark.Row(i, "associate", "AWS", "O" + (5_000_000 + i / FactsPerOpportunity), "Solutions", "S-" + (i % FactsPerOpportunity + 1)))
            .ToList());
        var readsBefore = await ReadsAsync(connectionString);
        var watch = Stopwatch.StartNew();
        var plan = await connector.PlanAsync();
        await connector.DrainAsync(2, TimeSpan.FromMinutes(30));
        var verifySeconds = watch.Elapsed.TotalSeconds;
        var verifyReads = await ReadsAsync(connectionString) - readsBefore;
        var writes = await WritesAsync(connectionString);

        // (2) One reconcile run over the whole ledger, least recently verified first.
        readsBefore = await ReadsAsync(connectionString);
        watch.Restart();
        var summary = await connector.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);
        var reconcileSeconds = watch.Elapsed.TotalSeconds;
        var reconcileReads = await ReadsAsync(connectionString) - readsBefore;
        // Hourly, capped by Sync:ReconcileReadsPer24Hours (40,000 by default): the daily reads it may take.
        var dailyReads = Math.Min(24 * reconcileReads, 40_000);

        return new BenchLine("ledger-trust")
            .Add("ledger_facts", (long)opportunities * FactsPerOpportunity)
            .Add("opportunities", opportunities)
            .Add("changes_verified", plan.Verifying)
            .Add("opportunities_verified", verified)
            .Add("verify_reads", verifyReads)
            .Add("reads_per_verified_opportunity", (double)verifyReads / Math.Max(verified, 1))
            .Add("writes", writes)
            .Add("verify_seconds", verifySeconds, "F1")
            .Add("reconcile_reads_per_run", reconcileReads)
            .Add("reconcile_seconds", reconcileSeconds, "F1")
            .Add("drift_found", summary.Drifts.Count)
            .Add("read_budget_share_per_day", dailyReads / 100_000.0)
            .Add("hours_to_verify_whole_ledger", opportunities / (double)Math.Max(reconcileReads, 1), "F1");
    }

    private static async Task SeedAsync(Uri emulator, int opportunities)
    {
        using var http = new HttpClient();
        for (var start = 0; start < opportunities; start += 2_000)
        {
            var batch = Enumerable.Range(start, Math.Min(2_000, opportunities - start)).Select(o => new
            {
                Catalog = "AWS",
                Id = "O" + (5_000_000 + o),
                RelatedEntityIdentifiers = new { Solutions = Enumerable.Range(1, FactsPerOpportunity).Select(s => "S-" + s).ToArray() },
            });
            // The control API's members are PascalCase, as declared (not the web default's camelCase).
            using var response = await http.PostAsJsonAsync(new Uri(emulator, "_emulator/seed"), new { Opportunities = batch }, new JsonSerializerOptions());
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<long> ReadsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from connector.attempts where not is_write and outcome in ('ok', 'error')");
    }

    private static async Task<long> WritesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from connector.attempts where is_write");
    }
}
