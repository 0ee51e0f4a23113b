using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.Bench.Infrastructure;
using Dapper;
using Npgsql;

namespace Connector.Bench.Benchmarks;

/// <summary>Connector CPU time per API call: this process plans and sends (the real services, in-process) while the
/// emulator runs in its own process and Postgres in its own; only this process's CPU is counted.</summary>
public static class CpuPerCallBenchmark
{
    private const int Quota = 1000;

    public static async Task<BenchLine> RunAsync(BenchSettings settings)
    {
        var rows = settings.RowsOr(5_000, 200);
        var warmup = settings.Smoke ? 20 : 200;
        await using var database = await BenchDatabase.StartAsync();
        var connectionString = await database.CreateAsync("cpu");
        await using var emulator = await EmulatorProcess.StartAsync(new Dictionary<string, string>
        {
            ["Emulator:Quotas:WritesPerSecond"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulator:Quotas:WritesPer24Hours"] = "10000000",
            ["Emulator:CallLogCapacity"] = "100",
        });
        await using var connector = InProcessConnector.Create(connectionString, emulator.BaseAddress, Quota, 10_000_000);

        // Warm-up (JIT, connection pool, HTTP connections): not measured.
        await CallEfficiencyBenchmark.StageAsync(connectionString, Rows(0, warmup));
        await connector.PlanAsync();
        await connector.DrainAsync(2, TimeSpan.FromMinutes(5));
        var callsBefore = await CallsAsync(connectionString);
        var emulatorWritesBefore = await EmulatorWritesAsync(emulator.BaseAddress);

        await CallEfficiencyBenchmark.StageAsync(connectionString, Rows(warmup, rows));
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await connector.PlanAsync();
        self.Refresh();
        var planCpu = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        await connector.DrainAsync(2, TimeSpan.FromMinutes(30));
        var elapsed = watch.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;

        var calls = await CallsAsync(connectionString) - callsBefore;
        var emulatorWrites = await EmulatorWritesAsync(emulator.BaseAddress) - emulatorWritesBefore;
        return new BenchLine("cpu-per-call")
            .Add("calls", calls)
            .Add("emulator_writes", emulatorWrites)
            .Add("cpu_ms", cpu, "F0")
            .Add("cpu_ms_per_call", cpu / Math.Max(calls, 1), "F3")
            .Add("plan_cpu_ms", planCpu, "F0")
            .Add("send_cpu_ms_per_call", (cpu - planCpu) / Math.Max(calls, 1), "F3")
            .Add("seconds", elapsed, "F1")
            .Add("calls_per_second", calls / elapsed, "F0");
    }

    private static List<CallEfficiencyBenchmark.Row> Rows(int from, int count) =>
        Enumerable.Range(from, count)
            .Select(i => new CallEfficiencyBenchmark.Row(i, "associate", "AWS", "O" + (3_000_000 + i / 5), "Solutions", "S-" + (i + 1)))
            .ToList();

    private static async Task<long> CallsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from connector.attempts where outcome in ('ok', 'error')");
    }

    private static async Task<long> EmulatorWritesAsync(Uri emulator)
    {
        using var http = new HttpClient();
        var usage = await http.GetFromJsonAsync<JsonElement>(new Uri(emulator, "_emulator/quotas"));
        return usage.GetProperty("WritesLast24Hours").GetInt64();
    }
}
