using System.Diagnostics;
using Connector.IntegrationTests.Infrastructure;

namespace Connector.IntegrationTests.Cli;

/// <summary>Paths mean what the user typed, where the user stands: the top-level <c>./connector</c> script (dotnet run)
/// keeps the shell's directory instead of running in src/Connector.Host.</summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public async Task ConnectorScript_ResolvesARelativePathInTheCallersDirectory()
    {
        var here = Directory.CreateTempSubdirectory("connector-cwd-").FullName;
        try
        {
            var script = Path.Combine(RepositoryRoot(), "connector");
            var start = new ProcessStartInfo("bash", [script, "import", "my changes.csv"])
            {
                WorkingDirectory = here,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await process.WaitForExitAsync(limit.Token);

            var text = await output + await error;
            Assert.True(process.ExitCode == 2, text);
            // Before, dotnet run ran in src/Connector.Host and looked there.
            Assert.Contains($"looked for {Path.Combine(here, "my changes.csv")}", text);
        }
        finally
        {
            Directory.Delete(here, recursive: true);
        }
    }

    [Fact]
    public async Task Import_SaysItIsAFolder_WhenGivenOne()
    {
        var folder = Directory.CreateTempSubdirectory("connector-folder-").FullName;
        try
        {
            var (exitCode, output) = await ConnectorProcess.RunAsync(new Dictionary<string, string?>(), TimeSpan.FromSeconds(60), "import", folder);

            Assert.True(exitCode == 2, output);
            Assert.Contains($"connector: {folder} is a folder; import takes one CSV file", output);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
    }
}
