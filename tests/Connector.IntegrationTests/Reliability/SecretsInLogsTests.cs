using Connector.IntegrationTests.Infrastructure;
using PartnerCentral.Emulator;
using Xunit.Abstractions;

namespace Connector.IntegrationTests.Reliability;

/// <summary>A whole <c>connector sync</c> at Debug (HTTP client at Trace) with temporary credentials and assignees:
/// its output names no email, phone, secret key, session token or signature.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SecretsInLogsTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const string AccessKeyId = "AKIARELIABILITY00001";
    private const string SecretKey = "rel/Secret+Key0123456789abcdefghijKLMNOP";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEreliabilitySessionToken0123456789";

    [Fact]
    public async Task Sync_LogsNoContactDetailsOrSecrets_WhenRunAtDebugWithAssignments()
    {
        var settings = Workload.EmulatorSettings(Workload.MissingIds(1), writesPerSecond: 20);
        settings["Emulator:Credentials:0:AccessKeyId"] = AccessKeyId;
        settings["Emulator:Credentials:0:SecretAccessKey"] = SecretKey;
        settings["Emulator:Credentials:0:SessionToken"] = SessionToken;
        await using var emulator = await EmulatorServer.StartAsync(settings);
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 3, assigns: 8, disassociateAbsent: 2, failing: 1);
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress);
        environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        environment["AWS_SESSION_TOKEN"] = SessionToken;
        environment["Sync__NotFoundRetries"] = "0";
        environment["Logging__LogLevel__Default"] = "Debug";
        environment["Logging__LogLevel__Hangfire"] = "Debug";
        environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug";
        environment["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace";

        var logs = Directory.CreateTempSubdirectory("connector-secrets-logs-").FullName;
        environment["Logging__File__Folder"] = logs;

        // --verbose: the logs on stderr as well as in the log file; both are checked.
        var (exitCode, console) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(90), "sync", "--verbose");
        var logFile = Assert.Single(Directory.GetFiles(logs, "connector-*.log"));
        var logged = await File.ReadAllTextAsync(logFile);
        var text = console + logged;
        Directory.Delete(logs, recursive: true);

        // The run really happened, with assignments sent and one failure reported.
        Assert.True(exitCode == 1, $"sync exited {exitCode}:\n{text}");
        Assert.Empty(await changes.WrongStatusesAsync(database.ConnectionString));
        Assert.Contains(emulator.Calls, c => c.Operation == "AssignOpportunity" && c.HttpStatus == 200);
        // Every call is logged by the client itself (both outputs), and no request header at all, even at Trace for
        // System.Net.Http.HttpClient: the Partner Central HttpClient has no per-request logging handlers.
        Assert.Contains("Partner Central AssignOpportunity", console, StringComparison.Ordinal);
        Assert.Contains("Partner Central AssignOpportunity", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-Security-Token", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization:", text, StringComparison.OrdinalIgnoreCase);
        var secrets = new List<string> { SecretKey, SessionToken, "Signature=", "Credential=" };
        for (var i = 0; i < 8; i++)
        {
            secrets.Add($"owner{i}@example.com");
            secrets.Add("+1415555" + (1000 + i));
            secrets.Add("1415555" + (1000 + i));
        }

        var found = secrets.Where(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        Figures.Report(output, $"secrets in logs: {text.Split('\n').Length} lines of Debug output checked for {secrets.Count} values; found {found.Count}");
        Assert.True(found.Count == 0, "leaked: " + string.Join(", ", found));
    }
}
