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
            Assert.Contains("Staged 22 sample CRM changes", text);
            // Two changes fail for good, each with its reason and the way out printed: a refused solution, and the
            // one write that met an unknown assignee (the other change naming it is rejected without a write).
            Assert.Matches(@"Sync run \d+: \d+ synced, \d+ unchanged, \d+ superseded, \d+ rejected, 2 failed, 1 deferred,", text);
            var failures = text.Split('\n').Where(line => line.StartsWith("Failed: change #", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, failures.Count);
            Assert.Contains(failures, f => f.Contains("AWS/O100008 Solutions S-1000081: ValidationException", StringComparison.Ordinal));
            Assert.Contains(failures, f => System.Text.RegularExpressions.Regex.IsMatch(f, @"assign AWS/O10001[23] .*: ValidationException"));
            Assert.Contains("What to do:", text);
            Assert.Matches(@"connector retry --id \d+", text);
            Assert.Contains("connector assignees reset <email>", text);
            Assert.DoesNotContain("pat.jones@example.com", text);
            // The opportunity under review waits; then a legacy solution is replaced, attach first, in a second run.
            Assert.Contains("1 legacy solution(s) on 1 opportunity in the ledger: 1 associate(s) of the Marketplace solution and 1 disassociate(s) of the legacy one staged", text);
            Assert.Matches(@"Sync run \d+: 2 synced, 0 unchanged, 0 superseded, 0 rejected, 0 failed,", text);
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
