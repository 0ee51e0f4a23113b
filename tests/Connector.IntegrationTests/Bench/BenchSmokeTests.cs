using System.Diagnostics;
using Connector.IntegrationTests.Infrastructure;

namespace Connector.IntegrationTests.Bench;

/// <summary>The benchmark harness (bench/Connector.Bench) still runs: its smoke mode runs every benchmark at a tiny
/// size as a child process, and each must print its one BENCH result line. The full benchmarks are never run here.</summary>
public sealed class BenchSmokeTests
{
    private static readonly string[] Benchmarks = ["call-efficiency", "pacing", "plan-speed", "csv-ingest", "cpu-per-call", "ledger-trust"];

    [Fact]
    public async Task Smoke_PrintsOneResultLinePerBenchmark()
    {
        var output = await RunSmokeAsync(TimeSpan.FromMinutes(3));

        var lines = output.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("BENCH ", StringComparison.Ordinal)).ToList();
        foreach (var name in Benchmarks)
        {
            var line = Assert.Single(lines, l => l.StartsWith($"BENCH name={name} ", StringComparison.Ordinal));
            Assert.DoesNotContain(" error=", line, StringComparison.Ordinal);
            // key=value pairs only, every value present.
            Assert.All(line["BENCH ".Length..].Split(' '), pair => Assert.Matches(@"^[a-z0-9_]+=\S+$", pair));
        }

        Assert.True(output.ExitCode == 0, $"exit {output.ExitCode}\n{output.Stdout}\n{output.Stderr}");
        var efficiency = lines.Single(l => l.StartsWith("BENCH name=call-efficiency ", StringComparison.Ordinal));
        Assert.Contains(" state_ok=true", efficiency, StringComparison.Ordinal);
        // An assignee Partner Central refuses, named by many rows, and an opportunity under review: one write
        // discovers each, no other write fails.
        Assert.Contains(" discovery_writes=2 ", efficiency, StringComparison.Ordinal);
        Assert.Contains(" bound_to_fail_writes=0 ", efficiency, StringComparison.Ordinal);
        var trust = lines.Single(l => l.StartsWith("BENCH name=ledger-trust ", StringComparison.Ordinal));
        Assert.Contains(" reads_per_verified_opportunity=1.00 ", trust, StringComparison.Ordinal);
        Assert.Contains(" writes=0 ", trust, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunSmokeAsync(TimeSpan timeout)
    {
        // Built next to the connector: .../bench/Connector.Bench/bin/<Configuration>/net10.0/Connector.Bench.dll
        var connectorDll = ConnectorProcess.ConnectorDll;
        var configurationDir = Path.GetDirectoryName(Path.GetDirectoryName(connectorDll))!;
        var root = Path.GetFullPath(Path.Combine(configurationDir, "..", "..", "..", ".."));
        var dll = Path.Combine(root, "bench", "Connector.Bench", "bin", Path.GetFileName(configurationDir), "net10.0", "Connector.Bench.dll");
        Assert.True(File.Exists(dll), "Build the solution first: " + dll);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("smoke");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bench smoke did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
