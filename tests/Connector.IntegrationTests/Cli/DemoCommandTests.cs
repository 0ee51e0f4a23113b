using System.Diagnostics;
using Connector.IntegrationTests.Infrastructure;

namespace Connector.IntegrationTests.Cli;

/// <summary>The README's main command, as a new user runs it: <c>demo --once</c> from a fresh folder.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task DemoOnce_SyncsTheSamplesAndNamesNoDashboardItDoesNotServe()
    {
        var here = Directory.CreateTempSubdirectory("connector-demo-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [ConnectorProcess.ConnectorDll, "demo", "--once"])
            {
                WorkingDirectory = here,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var text = await output + await error;
            Assert.True(process.ExitCode == 0, text);
            Assert.Contains("Staged 19 sample CRM changes", text);
            // Exactly one change fails for good, with its reason and the way out printed.
            Assert.Matches(@"Sync run \d+: \d+ synced, .* 1 failed,", text);
            var failure = Assert.Single(text.Split('\n'), line => line.StartsWith("Failed: change #", StringComparison.Ordinal));
            Assert.Contains("AWS/O100008 Solutions S-1000081: ValidationException", failure);
            Assert.Contains("What to do:", text);
            Assert.Matches(@"connector retry --id \d+", text);
            Assert.Contains("Full sync through the Hangfire jobs:", text);
            // The demo's files land where the user stands.
            Assert.Contains($"Demo files and reports: {Path.Combine(here, ".connector")}", text);
            // --once exits after the summary: a dashboard URL there would not answer.
            Assert.DoesNotContain("/hangfire", text);
            Assert.DoesNotContain("   at ", text);
        }
        finally
        {
            Directory.Delete(here, recursive: true);
        }
    }
}
