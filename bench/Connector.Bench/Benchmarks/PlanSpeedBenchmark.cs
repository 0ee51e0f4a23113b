using System.Diagnostics;
using Connector.Bench.Infrastructure;
using Dapper;
using Npgsql;

namespace Connector.Bench.Benchmarks;

/// <summary>Seconds for SyncService.PlanAsync over N staged rows against N ledger rows, and the ratio to a plain
/// full scan of the staging table on the same database.</summary>
public static class PlanSpeedBenchmark
{
    // Ledger: N associations, five solutions per opportunity. Staged, by i % 10: 0-4 associate what the ledger has
    // (unchanged), 5 disassociate one it has (queued), 6-7 associate a new solution (queued; 7 per opportunity at
    // most, under the cap of 10), 8 a later duplicate of row i-8 (superseded), 9 an invalid solution id (rejected).
    private const string LoadSql = """
        insert into connector.ledger_associations (catalog, opportunity_id, entity_type, entity_id, associated, learned_at, learned_from)
        select 'AWS', 'O' || (1000000 + i / 5), 'Solutions', 'S-' || i, true, now(), 'read'
          from generate_series(0, @n - 1) as i;

        insert into connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, changed_at)
        select case when i % 10 = 5 then 'disassociate' else 'associate' end,
               'AWS', 'O' || (1000000 + (case when i % 10 = 8 then i - 8 else i end) / 5), 'Solutions',
               case i % 10 when 6 then 'S-' || (@n + i) when 7 then 'S-' || (@n + i)
                           when 8 then 'S-' || (i - 8) when 9 then 'bad-' || i else 'S-' || i end,
               now() - interval '1 hour' + i * interval '1 millisecond'
          from generate_series(0, @n - 1) as i;
        """;

    private const string ScanSql = "select count(*), max(length(entity_id)) from connector.crm_changes";

    public static async Task<BenchLine> RunAsync(BenchSettings settings)
    {
        var rows = settings.RowsOr(1_000_000, 2_000);
        await using var database = await BenchDatabase.StartAsync();
        var connectionString = await database.CreateAsync("plan");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var load = Stopwatch.StartNew();
            await connection.ExecuteAsync(new CommandDefinition(LoadSql, new { n = rows }, commandTimeout: 0));
            await connection.ExecuteAsync(new CommandDefinition("vacuum analyze", commandTimeout: 0));
            Console.Error.WriteLine($"plan-speed: loaded {rows} ledger + {rows} staged rows in {load.Elapsed.TotalSeconds:F1} s");
        }

        // Baseline: a plain full scan of the staging table, warm (best of three).
        var scan = double.MaxValue;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                await connection.ExecuteAsync(new CommandDefinition(ScanSql, commandTimeout: 0));
                scan = Math.Min(scan, watch.Elapsed.TotalSeconds);
            }
        }

        // No HTTP call is made; the endpoint is never contacted. Budget: the product default (10,000 writes / 24 h).
        // --profile: the server logs every planner statement over 50 ms, and auto_explain its analysed plan.
        var plannerConnection = settings.Profile
            ? connectionString + ";Options=-c log_min_duration_statement=50 -c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=500 -c auto_explain.log_analyze=on"
            : connectionString;
        var logStart = settings.Profile ? new FileInfo(database.LogFile).Length : 0;
        await using var connector = InProcessConnector.Create(plannerConnection, new Uri("http://127.0.0.1:9/"), 1, 10_000);
        var plan = Stopwatch.StartNew();
        var result = await connector.PlanAsync();
        var planSeconds = plan.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"plan-speed: plan {planSeconds:F2} s (superseded {result.Superseded}, unchanged {result.Unchanged}, rejected {result.Rejected}, queued {result.Queued}, deferred {result.Deferred}); scan {scan:F3} s");
        if (settings.Profile)
        {
            var copy = Path.Combine(Path.GetTempPath(), $"plan-speed-profile-{DateTime.UtcNow:HHmmss}.log");
            await using (var log = new FileStream(database.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            await using (var target = File.Create(copy))
            {
                log.Position = logStart;
                await log.CopyToAsync(target);
            }

            Console.Error.WriteLine($"plan-speed: server log of the plan (statement durations, auto_explain plans): {copy}");
            foreach (var entry in File.ReadLines(copy).Where(l => l.Contains("duration:", StringComparison.Ordinal) && !l.Contains("plan:", StringComparison.Ordinal))
                         .Select(l => l[l.IndexOf("duration:", StringComparison.Ordinal)..])
                         .OrderByDescending(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).Take(12))
            {
                Console.Error.WriteLine("  " + (entry.Length > 220 ? entry[..220] : entry));
            }
        }

        return new BenchLine("plan-speed")
            .Add("rows", rows)
            .Add("ledger_rows", rows)
            .Add("plan_seconds", planSeconds, "F2")
            .Add("scan_seconds", scan, "F3")
            .Add("ratio_to_scan", planSeconds / scan, "F1")
            .Add("superseded", result.Superseded)
            .Add("unchanged", result.Unchanged)
            .Add("rejected", result.Rejected)
            .Add("queued", result.Queued)
            .Add("deferred", result.Deferred)
            .Add("profiled", settings.Profile);
    }
}
