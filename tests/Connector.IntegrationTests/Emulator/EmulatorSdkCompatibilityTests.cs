using System.Diagnostics;
using PartnerCentral.Emulator;
using Xunit.Abstractions;

namespace Connector.IntegrationTests.Emulator;

/// <summary>Runs tests/sdk-compat/sdk-compat.test.mjs, which drives the emulator with the official AWS JS SDK
/// (version pinned in its package-lock.json): the proof that the SDK cannot tell the emulator from the service.
/// Needs node and npm on PATH; installs the locked packages with <c>npm ci</c> when they are missing.</summary>
public class EmulatorSdkCompatibilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SdkCompatibilityScript_ReportsZeroFailures_WhenRunAgainstTheEmulator()
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "sdk-compat");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@aws-sdk", "client-partnercentral-selling")))
        {
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, []);
            Assert.True(install.ExitCode == 0,
                $"npm ci failed in {directory} (exit {install.ExitCode}); run it by hand (or .ci/run) and retry.\n{install.Output}");
        }

        await using var server = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        var run = await RunAsync("node", ["sdk-compat.test.mjs"], directory, new()
        {
            ["EMULATOR_ENDPOINT"] = server.BaseAddress.ToString().TrimEnd('/'),
            ["NODE_NO_WARNINGS"] = "1",
        });
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, $"the SDK script exited {run.ExitCode}:\n{run.Output}");
        Assert.Matches(@"(?m)^[1-9][0-9]* passed, 0 failed$", run.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string directory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Connector.sln not found above {AppContext.BaseDirectory}.");
    }
}
