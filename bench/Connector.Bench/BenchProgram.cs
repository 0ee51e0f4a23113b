using System.Diagnostics;
using System.Globalization;
using Connector.Bench.Benchmarks;
using Connector.Bench.Infrastructure;
using PartnerCentral.Emulator.Options;

namespace Connector.Bench;

/// <summary>Size of one run: null means the benchmark's full default.</summary>
public sealed record BenchSettings(int? Rows, int? Seconds, bool Smoke, int? Quota = null, int? Servers = null, bool Profile = false, QuotaModel? Model = null)
{
    public int RowsOr(int full, int smoke) => Rows ?? (Smoke ? smoke : full);

    public int SecondsOr(int full, int smoke) => Seconds ?? (Smoke ? smoke : full);
}

/// <summary><c>dotnet run -c Release --project bench/Connector.Bench -- &lt;name|all|smoke&gt; [--rows N] [--seconds N]</c>.
/// Each benchmark prints exactly one <c>BENCH name=... key=value ...</c> line on stdout; progress goes to stderr.</summary>
public static class BenchProgram
{
    public const string Usage = "usage: Connector.Bench <call-efficiency|pacing|plan-speed|csv-ingest|cpu-per-call|all|smoke> [--rows N] [--seconds N] [--quota N] [--servers N] [--model SlidingWindow|TokenBucket|MinimumGap] (pacing: one quota / server count / emulator model) [--profile] (plan-speed: log each statement's time and plan)";

    private static readonly (string Name, Func<BenchSettings, Task<BenchLine>> Run)[] Benchmarks =
    [
        ("call-efficiency", CallEfficiencyBenchmark.RunAsync),
        ("pacing", PacingBenchmark.RunAsync),
        ("plan-speed", PlanSpeedBenchmark.RunAsync),
        ("csv-ingest", CsvIngestBenchmark.RunAsync),
        ("cpu-per-call", CpuPerCallBenchmark.RunAsync),
    ];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == CsvIngestBenchmark.ChildVerb)
        {
            return await CsvIngestBenchmark.ChildAsync(args[1..]);
        }

        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        int? rows = null;
        int? seconds = null;
        int? quota = null;
        int? servers = null;
        QuotaModel? model = null;
        var profile = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows" when i + 1 < args.Length:
                    rows = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seconds" when i + 1 < args.Length:
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--quota" when i + 1 < args.Length:
                    quota = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--servers" when i + 1 < args.Length:
                    servers = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--model" when i + 1 < args.Length:
                    model = Enum.Parse<QuotaModel>(args[++i], ignoreCase: true);
                    break;
                case "--profile":
                    profile = true;
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }

        var name = args[0];
        var smoke = name == "smoke";
        var selected = name is "all" or "smoke" ? Benchmarks : Benchmarks.Where(b => b.Name == name).ToArray();
        if (selected.Length == 0)
        {
            Console.Error.WriteLine($"unknown benchmark '{name}'\n{Usage}");
            return 2;
        }

        var settings = new BenchSettings(rows, seconds, smoke, quota, servers, profile, model);
        var failed = 0;
        foreach (var (benchName, run) in selected)
        {
            var watch = Stopwatch.StartNew();
            Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {benchName}: starting");
            try
            {
                var line = await run(settings);
                Console.Out.WriteLine(line.ToString());
            }
            catch (Exception e)
            {
                failed++;
                Console.Error.WriteLine($"{benchName} failed: {e}");
                Console.Out.WriteLine(new BenchLine(benchName).Add("error", e.GetType().Name).ToString());
            }

            Console.Out.Flush();
            Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {benchName}: done in {watch.Elapsed.TotalSeconds:F1} s");
        }

        return failed == 0 ? 0 : 1;
    }
}
