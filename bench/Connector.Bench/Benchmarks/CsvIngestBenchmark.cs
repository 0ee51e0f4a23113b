using System.Diagnostics;
using System.Globalization;
using System.Text;
using Connector.Bench.Infrastructure;
using Connector.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Benchmarks;

/// <summary>A generated associations CSV validated and staged through CsvImporter.ImportFileAsync in a child process
/// (this harness, verb <see cref="ChildVerb"/>): rows/s and the child's peak resident set (VmHWM).</summary>
public static class CsvIngestBenchmark
{
    public const string ChildVerb = "csv-ingest-child";

    public static async Task<BenchLine> RunAsync(BenchSettings settings)
    {
        var rows = settings.RowsOr(1_000_000, 2_000);
        var folder = Directory.CreateTempSubdirectory("bench-csv-").FullName;
        try
        {
            var path = Path.Combine(folder, "associations.csv");
            Generate(path, rows);
            await using var database = await BenchDatabase.StartAsync();
            var connectionString = await database.CreateAsync("csv");

            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(RepoPaths.BenchDll);
            start.ArgumentList.Add(ChildVerb);
            start.ArgumentList.Add(path);
            start.ArgumentList.Add(connectionString);
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();
            var output = await stdout;
            var result = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("CHILD ", StringComparison.Ordinal));
            if (child.ExitCode != 0 || result is null)
            {
                throw new InvalidOperationException($"csv-ingest child failed ({child.ExitCode}): {output}{await stderr}");
            }

            var values = result[6..].Split(' ').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
            var accepted = long.Parse(values["accepted"], CultureInfo.InvariantCulture);
            var seconds = double.Parse(values["seconds"], CultureInfo.InvariantCulture);
            if (accepted != rows)
            {
                throw new InvalidOperationException($"csv-ingest: {accepted} of {rows} rows accepted: {result}");
            }

            return new BenchLine("csv-ingest")
                .Add("rows", rows)
                .Add("file_mb", new FileInfo(path).Length / 1048576.0, "F1")
                .Add("seconds", seconds, "F2")
                .Add("rows_per_second", rows / seconds, "F0")
                .Add("peak_rss_mb", long.Parse(values["vmhwm_kb"], CultureInfo.InvariantCulture) / 1024.0, "F0")
                .Add("baseline_rss_mb", long.Parse(values["baseline_kb"], CultureInfo.InvariantCulture) / 1024.0, "F0");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Child side: imports one file and prints <c>CHILD accepted=.. seconds=.. vmhwm_kb=.. baseline_kb=..</c>.</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var (path, connectionString) = (args[0], args[1]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        await using var services = new ServiceCollection().AddLogging().AddConnectorCore(configuration, connectionString).BuildServiceProvider();
        var importer = services.GetRequiredService<CsvImporter>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = ProcStatus.KiloBytes("VmRSS");
        var watch = Stopwatch.StartNew();
        var result = await importer.ImportFileAsync(path, new ImportRequest(DryRun: false, ImportChannel.Cli, "bench", ReportDirectory: Path.GetDirectoryName(path)), CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"CHILD accepted={result.RowsAccepted} rejected={result.RowsRejected} seconds={seconds:F3} vmhwm_kb={ProcStatus.KiloBytes("VmHWM")} baseline_kb={baseline} outcome={result.Outcome}"));
        return 0;
    }

    // The shape of CsvImporterVolumeTests' file: a third each of solutions, AWS products and Marketplace offers,
    // every seventh row a disassociate, 50,000 opportunities.
    private static void Generate(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("opportunity_id,entity_type,entity_id,action\r\n");
        for (var i = 1; i <= rows; i++)
        {
            var entity = (i % 3) switch
            {
                0 => "solution,S-" + i.ToString(CultureInfo.InvariantCulture),
                1 => "aws product,AmazonEC2AutoScaling",
                _ => "Marketplace Offer,arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-" + i.ToString(CultureInfo.InvariantCulture),
            };
            writer.Write($"O{1_000_000 + (i % 50_000)},{entity},{(i % 7 == 0 ? "disassociate" : "")}\r\n");
        }
    }
}
