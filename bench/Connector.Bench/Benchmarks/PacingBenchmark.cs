using System.Globalization;
using Connector.Bench.Infrastructure;
using Connector.IntegrationTests.Infrastructure;
using Connector.Jobs;
using Dapper;
using Hangfire;
using Npgsql;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;

namespace Connector.Bench.Benchmarks;

/// <summary>Achieved writes/s against the quota with 1 and 3 `connector serve` processes on one database, under each
/// of the emulator's readings of "N per second" (a sliding window, a token bucket of one, a minimum gap), from the
/// emulator's call log: accepted writes in [first accepted write once every server has had a write answered, + seconds) /
/// (quota × seconds),
/// and throttled calls over the whole run (start-up included).</summary>
public static class PacingBenchmark
{
    public static async Task<BenchLine> RunAsync(BenchSettings settings)
    {
        var seconds = settings.SecondsOr(60, 2);
        // Smoke: two configurations (start-up dominates; it must stay well under a minute): three servers against a
        // sliding window, one against the strictest model. A token bucket of one accepts what a minimum gap does.
        (QuotaModel Model, int Quota, int Servers)[] runs = settings.Smoke && settings.Model is null && settings.Quota is null && settings.Servers is null
            ? [(QuotaModel.SlidingWindow, 5, 3), (QuotaModel.MinimumGap, 5, 1)]
            : [.. from model in settings.Model is { } m ? [m] : Enum.GetValues<QuotaModel>()
                  from quota in settings.Quota is { } q ? [q] : new[] { 1, 5 }
                  from count in settings.Servers is { } n ? [n] : new[] { 1, 3 }
                  select (model, quota, count)];
        var line = new BenchLine("pacing").Add("seconds", seconds);
        double worst = double.MaxValue;
        var throttledTotal = 0;
        await using var database = await BenchDatabase.StartAsync();
        foreach (var (model, quota, count) in runs)
        {
            var (ratio, throttled, sending, left) = await RunOneAsync(database, model, quota, count, seconds);
            var prefix = $"{Key(model)}_q{quota}_s{count}_";
            line.Add(prefix + "ratio", ratio, "F3").Add(prefix + "throttled", throttled).Add(prefix + "servers_sending", sending).Add(prefix + "backlog_left", left);
            worst = Math.Min(worst, ratio);
            throttledTotal += throttled;
        }

        return line.Add("min_ratio", worst, "F3").Add("throttled_total", throttledTotal);
    }

    /// <summary>The key prefix of a model: <c>window</c>, <c>bucket</c> (token bucket, burst 1), <c>gap</c>.</summary>
    public static string Key(QuotaModel model) => model switch
    {
        QuotaModel.TokenBucket => "bucket",
        QuotaModel.MinimumGap => "gap",
        _ => "window",
    };

    private static async Task<(double Ratio, int Throttled, int ServersSending, long BacklogLeft)> RunOneAsync(BenchDatabase database, QuotaModel model, int quota, int serverCount, int seconds)
    {
        var connectionString = await database.CreateAsync($"pace_{Key(model)}_q{quota}_s{serverCount}");
        // Backlog: enough for the window plus start-up, so the queue never runs dry.
        var backlog = quota * (seconds + 15) + 100;
        var rows = Enumerable.Range(0, backlog)
            .Select(i => new CallEfficiencyBenchmark.Row(i, "associate", "AWS", "O" + (2_000_000 + i / 5), "Solutions", "S-" + (i + 1)))
            .ToList();
        await CallEfficiencyBenchmark.StageAsync(connectionString, rows);

        await using var emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = quota.ToString(CultureInfo.InvariantCulture),
            // Strict: no tolerance, and a bucket of one (no burst at all).
            ["Emulator:Quotas:Model"] = model.ToString(),
            ["Emulator:Quotas:Burst"] = "1",
            ["Emulator:Quotas:ToleranceMilliseconds"] = "0",
            ["Emulator:Quotas:WritesPer24Hours"] = "10000000",
            ["Emulator:CallLogCapacity"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        });

        var trace = Environment.GetEnvironmentVariable("BENCH_TRACE") == "1";
        var environment = ConnectorProcess.Environment(connectionString, emulator.BaseAddress, quota);
        environment["PartnerCentral__WritesPer24Hours"] = "10000000";
        environment["Logging__LogLevel__Default"] = "Warning";
        if (trace)
        {
            environment["Logging__LogLevel__Connector.Sync.AccountPacer"] = "Debug";
        }
        var children = new List<ConnectorProcess>();
        try
        {
            // Planned here (the same SyncService), then the lanes are enqueued as SyncJob would. 1 server: the default
            // two lanes. 3 servers: Hangfire gives a job to whichever idle worker polls first, so one server would take
            // every lane; with Sync:Lanes=1 each server runs 4 workers, and 12 lanes fill all of them, so every server
            // sends (a harder case than production's two lanes: 12 senders contend for the one pace row).
            await using (var planner = InProcessConnector.Create(connectionString, emulator.BaseAddress, quota, 10_000_000))
            {
                await planner.PlanAsync();
            }

            if (serverCount > 1)
            {
                environment["Sync__Lanes"] = "1";
            }

            for (var i = 0; i < serverCount; i++)
            {
                children.Add(ConnectorProcess.Start(environment, "serve"));
            }

            foreach (var child in children)
            {
                await child.WaitForOutputAsync("Serving;", TimeSpan.FromSeconds(60));
            }

            GlobalConfiguration.Configuration.UseConnectorStorage(connectionString);
            var jobs = new BackgroundJobClient(JobStorage.Current);
            for (var lane = 0; lane < (serverCount == 1 ? 2 : 4 * serverCount); lane++)
            {
                var captured = lane;
                jobs.Enqueue<DrainJob>(job => job.RunAsync(captured, CancellationToken.None));
            }

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var until = DateTime.UtcNow.AddSeconds(60);
            // The window opens once every server has had a write answered, not merely reserved: a process's first call
            // (JIT of the SDK pipeline and of the recorder, a cold connection) takes 150-650 ms, and the answer gate
            // rightly holds every server back that long; that is each server's start-up, not the pace.
            while (await connection.ExecuteScalarAsync<long>("select count(distinct server) from connector.attempts where is_write and finished_at is not null") < serverCount)
            {
                if (DateTime.UtcNow > until)
                {
                    throw new TimeoutException("not every server started sending; output of the first:\n" + children[0].Output);
                }

                await Task.Delay(20);
            }

            var opened = DateTimeOffset.UtcNow;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            DateTimeOffset? first = null;
            while (first is null)
            {
                first = emulator.Calls.FirstOrDefault(c => IsWrite(c.Operation) && c.HttpStatus == 200 && c.Time >= opened)?.Time;
                if (first is null)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException("no write reached the emulator; server output:\n" + children[0].Output);
                    }

                    await Task.Delay(20);
                }
            }

            var end = first.Value.AddSeconds(seconds);
            var wait = end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var calls = emulator.Calls;
            var accepted = calls.Count(c => IsWrite(c.Operation) && c.HttpStatus == 200 && c.Time >= first.Value && c.Time < end);
            var throttled = calls.Count(c => c.ErrorType is { } e && e.Contains("Throttling", StringComparison.Ordinal));
            var sending = await connection.ExecuteScalarAsync<int>("select count(distinct server)::int from connector.attempts where is_write and outcome = 'ok' and sent_at >= @opened", new { opened = opened.UtcDateTime });
            var left = await connection.ExecuteScalarAsync<long>("select count(*) from connector.send_queue");
            if (trace)
            {
                var stats = await connection.QuerySingleAsync<(long Used, long MaxId, double P50, double P90, double P99, double Max)>("""
                    select count(*), max(id),
                           percentile_cont(0.5) within group (order by extract(epoch from sent_at - slot_at) * 1000),
                           percentile_cont(0.9) within group (order by extract(epoch from sent_at - slot_at) * 1000),
                           percentile_cont(0.99) within group (order by extract(epoch from sent_at - slot_at) * 1000),
                           max(extract(epoch from sent_at - slot_at) * 1000)
                      from connector.attempts where is_write and sent_at is not null
                    """);
                Console.Error.WriteLine($"  attempts used {stats.Used}, ids up to {stats.MaxId} (released ~{stats.MaxId - stats.Used}); sent-slot ms p50 {stats.P50:F1} p90 {stats.P90:F1} p99 {stats.P99:F1} max {stats.Max:F1}");
                var chain = await connection.QuerySingleAsync<(double Gap, double SinceAnswer, double Latency, double SlotGap)>("""
                    select percentile_cont(0.5) within group (order by extract(epoch from sent_at - prev_sent) * 1000),
                           percentile_cont(0.5) within group (order by extract(epoch from sent_at - prev_finished) * 1000),
                           percentile_cont(0.5) within group (order by extract(epoch from finished_at - sent_at) * 1000),
                           percentile_cont(0.5) within group (order by extract(epoch from slot_at - prev_slot) * 1000)
                      from (select sent_at, finished_at, slot_at, lag(sent_at) over w as prev_sent, lag(finished_at) over w as prev_finished,
                                   lag(slot_at) over w as prev_slot
                              from connector.attempts where is_write and sent_at is not null window w as (order by sent_at)) x
                    """);
                Console.Error.WriteLine($"  median ms: sent gap {chain.Gap:F2}, sent after previous answer {chain.SinceAnswer:F2}, answer latency {chain.Latency:F2}, slot gap {chain.SlotGap:F2}");
                var buckets = await connection.QueryAsync<(string Bucket, long N, double ExcessMs)>("""
                    select case when g < @gap * 1.025 then 'a<1.025' when g < @gap * 1.05 then 'b<1.05' when g < @gap * 1.1 then 'c<1.1'
                                when g < @gap * 1.3 then 'd<1.3' else 'e>=1.3' end,
                           count(*), sum(g - @gap)
                      from (select extract(epoch from sent_at - lag(sent_at) over (order by sent_at)) * 1000 as g
                              from connector.attempts where is_write and sent_at is not null and sent_at > @opened) x
                     where g is not null group by 1 order by 1
                    """, new { opened = first.Value.UtcDateTime, gap = 1000.0 / quota });
                // Gaps between sends in the window, in units of 1/rate, and the time each bucket lost beyond 1/rate.
                Console.Error.WriteLine("  sent gaps (x 1/rate): " + string.Join(", ", buckets.Select(b => $"{b.Bucket}: {b.N} (+{b.ExcessMs:F0} ms)")));
                var counted = calls.Where(c => IsWrite(c.Operation) && c.CountedAt is not null && c.EntityId is not null)
                    .GroupBy(c => c.EntityId!).ToDictionary(g => g.Key, g => g.First().CountedAt!.Value);
                var legs = (await connection.QueryAsync<(DateTime Sent, DateTime Finished, string EntityId)>(
                        "select a.sent_at, a.finished_at, c.entity_id from connector.attempts a join connector.crm_changes c on c.id = a.change_id where a.is_write and a.outcome = 'ok'"))
                    .Where(a => counted.ContainsKey(a.EntityId))
                    .Select(a => (Out: (counted[a.EntityId].UtcDateTime - a.Sent).TotalMilliseconds, Back: (a.Finished - counted[a.EntityId].UtcDateTime).TotalMilliseconds))
                    .ToList();
                if (legs.Count > 0)
                {
                    Console.Error.WriteLine($"  median ms: sent to counted {legs.Select(l => l.Out).Order().ElementAt(legs.Count / 2):F2}, counted to recorded answer {legs.Select(l => l.Back).Order().ElementAt(legs.Count / 2):F2} ({legs.Count} writes)");
                }

                var holes = await connection.QueryAsync<(DateTime Sent, DateTime Prev, DateTime Slot, DateTime? PrevFinished, string Server)>("""
                    select sent_at, prev_sent, slot_at, prev_finished, server from (
                        select sent_at, slot_at, server, lag(sent_at) over w as prev_sent, lag(finished_at) over w as prev_finished
                          from connector.attempts where is_write and sent_at is not null window w as (order by sent_at)) x
                     where sent_at > @opened and sent_at - prev_sent > @hole order by sent_at
                    """, new { opened = first.Value.UtcDateTime, hole = TimeSpan.FromSeconds(1.3 / quota) });
                foreach (var h in holes)
                {
                    Console.Error.WriteLine($"  hole: sent {h.Sent:HH:mm:ss.fff} after {h.Prev:HH:mm:ss.fff} (answered {h.PrevFinished:HH:mm:ss.fff}), its slot {h.Slot:HH:mm:ss.fff}, {h.Server}");
                }

                foreach (var line in children.SelectMany(c => c.Output.Split('\n')).Where(l => l.Contains("slot", StringComparison.Ordinal)))
                {
                    Console.Error.WriteLine("  server: " + line.Trim());
                }

                foreach (var c in calls.Where(c => IsWrite(c.Operation)).Take(80))
                {
                    Console.Error.WriteLine($"  call {c.Time:HH:mm:ss.fff} {c.OpportunityId} {c.EntityId} {c.HttpStatus} {c.ErrorType}");
                }

                var attempts = await connection.QueryAsync<(long Id, DateTime Slot, DateTime? Sent, string Outcome, string Server, string? EntityId)>(
                    "select a.id, a.slot_at, a.sent_at, a.outcome, a.server, c.entity_id from connector.attempts a left join connector.crm_changes c on c.id = a.change_id where a.is_write order by a.id limit 80");
                foreach (var a in attempts)
                {
                    Console.Error.WriteLine($"  attempt {a.Id} slot {a.Slot:HH:mm:ss.fff} sent {a.Sent:HH:mm:ss.fff} {a.Outcome} {a.Server} {a.EntityId}");
                }
            }

            Console.Error.WriteLine($"pacing {model} q={quota}/s servers={serverCount}: {accepted} accepted in {seconds} s, {throttled} throttled, {sending} servers sent, {left} left in queue");
            return ((double)accepted / (quota * seconds), throttled, sending, left);
        }
        finally
        {
            foreach (var child in children)
            {
                await child.DisposeAsync();
            }
        }
    }

    private static bool IsWrite(string operation) => global::PartnerCentral.Emulator.Protocol.SellingOperation.IsWrite(operation);
}
