using System.Text.RegularExpressions;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Cli;

/// <summary>One-shot commands print their own output only: the host's and jobs' logs go to the log file, and to
/// stderr with --verbose; the advice they print (pause, re-import) names what to do.</summary>
public sealed partial class QuietOutputTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly StagingTable staging = new(database.ConnectionString);
    private readonly string folder = Directory.CreateTempSubdirectory("connector-quiet-").FullName;
    private EmulatorServer emulator = null!;

    private string LogFolder => Path.Combine(folder, "logs");

    public async Task InitializeAsync()
    {
        emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:Quotas:WritesPerSecond"] = "20" });
        await staging.ResetAsync();
        // `resume` and `retry` enqueue a sync that no server runs in their test; left queued, the next test's `sync`
        // process would run it too, and the change would be sent in that run instead of the one the test reads.
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "do $$ begin if to_regclass('hangfire.jobqueue') is not null then delete from hangfire.jobqueue; end if; end $$", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Sync_PrintsNoLogLines_AndWritesThemToTheLogFile()
    {
        await staging.AssociateAsync("O9101", "AwsProducts", "AWSLambda");

        var (exitCode, stdout, stderr) = await RunAsync("sync");

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains("1 synced", stdout);
        Assert.DoesNotMatch(LogLine(), stdout);
        Assert.DoesNotMatch(LogLine(), stderr);
        Assert.DoesNotContain("Hangfire", stdout + stderr);
        var log = Assert.Single(Directory.GetFiles(LogFolder, "connector-*.log"));
        Assert.Contains($"log: {log}", stderr);
        var text = await File.ReadAllTextAsync(log);
        Assert.Contains("info Connector.PartnerCentral.PartnerCentralClient", text);
        Assert.Contains("AssociateOpportunity O9101", text);
    }

    [Fact]
    public async Task Sync_ShowsLogLinesOnStderr_WhenVerbose()
    {
        await staging.AssociateAsync("O9102", "AwsProducts", "AWSLambda");

        var (exitCode, stdout, stderr) = await RunAsync("sync", "--verbose");

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.DoesNotMatch(LogLine(), stdout);
        Assert.Matches(LogLine(), stderr);
        Assert.Contains("Connector.PartnerCentral.PartnerCentralClient", stderr);
    }

    [Fact]
    public async Task StatusJson_IsPureJsonOnStdout_WhenVerbose()
    {
        await staging.AssociateAsync("O9103", "AwsProducts", "AWSLambda");

        var (exitCode, stdout, _) = await RunAsync("status", "--json", "--verbose");

        Assert.Equal(0, exitCode);
        using var document = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(1, document.RootElement.GetProperty("pending").GetInt64());
    }

    [Fact]
    public async Task StatusAndSync_NameTheCommandThatLiftsAPause_AndResumeLiftsIt()
    {
        await staging.ExecuteAsync("update connector.pace set paused_reason = 'AccessDeniedException: not allowed', paused_at = now()");

        var (statusCode, status, _) = await RunAsync("status");
        var (resumeCode, resume, _) = await RunAsync("resume");
        var (againCode, again, _) = await RunAsync("resume");

        Assert.Equal(0, statusCode);
        Assert.Contains("SYNC PAUSED", status);
        Assert.Contains("then run 'connector resume'", status);
        Assert.Equal(0, resumeCode);
        Assert.Contains("Pause lifted (it was: AccessDeniedException: not allowed)", resume);
        Assert.Equal(0, againCode);
        Assert.Contains("not paused", again);
        var (_, after, _) = await RunAsync("status");
        Assert.DoesNotContain("SYNC PAUSED", after);
    }

    [Fact]
    public async Task Retry_SaysItLiftedThePause_WhenPaused()
    {
        await staging.ExecuteAsync("update connector.pace set paused_reason = 'ExpiredTokenException: expired', paused_at = now()");

        var (exitCode, stdout, _) = await RunAsync("retry", "--all-failed");

        Assert.Equal(0, exitCode);
        Assert.Contains("Pause lifted (it was: ExpiredTokenException: expired)", stdout);
    }

    [Fact]
    public async Task Import_WritesNoReportAndKeepsTheFirst_WhenTheSameFileIsImportedAgain()
    {
        var good = Path.Combine(folder, "good.csv");
        await File.WriteAllTextAsync(good, "opportunity_id,entity_type,entity_id\nO9104,solution,S-9104\n");
        var mixed = Path.Combine(folder, "mixed.csv");
        await File.WriteAllTextAsync(mixed, "opportunity_id,entity_type,entity_id\nO9105,solution,S-9105\nbad,solution,S-1\n");

        var (goodCode, _, _) = await RunAsync("import", good);
        var (againCode, again, _) = await RunAsync("import", good);
        var (mixedCode, _, _) = await RunAsync("import", mixed);
        var firstReport = await File.ReadAllTextAsync(mixed + ".errors.csv");
        var (mixedAgainCode, mixedAgain, _) = await RunAsync("import", mixed);

        Assert.Equal((0, 0, 1, 0), (goodCode, againCode, mixedCode, mixedAgainCode));
        Assert.Contains("already imported", again);
        Assert.False(File.Exists(good + ".errors.csv"), "a good file's re-import wrote an error report");
        Assert.DoesNotContain("row-error report", again);
        Assert.Contains("already imported", mixedAgain);
        Assert.Equal(firstReport, await File.ReadAllTextAsync(mixed + ".errors.csv"));
    }

    // The console logger's lines ("info: Category[id]") and Hangfire's.
    [GeneratedRegex(@"(?m)^(trce|dbug|info|warn|fail|crit): [\w.]+\[\d+\]")]
    private static partial Regex LogLine();

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress);
        environment["Logging__File__Folder"] = LogFolder;
        return ConnectorProcess.RunSeparatelyAsync(environment, Limit, arguments);
    }
}
