using System.Text.Json;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Cli;

/// <summary><c>connector assignees</c> through the real executable: the refused emails are listed masked, and a reset
/// forgets one and sends its rejected changes again.</summary>
public sealed class AssigneesCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly StagingTable staging = new(database.ConnectionString);
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync()
    {
        await staging.ResetAsync();
        emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = "20",
            ["Emulator:UnknownAssignees:0"] = "ghost.user@example.com",
        });
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Assignees_ListsTheRefusedEmailMasked_AndResetSendsItsRejectedChangesAgain()
    {
        var one = await staging.AssignAsync("O8801", "ghost.user@example.com");
        var other = await staging.AssignAsync("O8802", "ghost.user@example.com");
        // One lane: the order is the queue's (two lanes racing are UnknownAssigneeSyncTests' subject).
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress);
        environment["Sync__Lanes"] = "1";
        var (syncExit, syncOutput) = await ConnectorProcess.RunAsync(environment, Limit, "sync");
        Assert.True(syncExit == 1, syncOutput);
        var call = Assert.Single(emulator.Calls, c => c.Operation == "AssignOpportunity");
        Assert.Equal("O8801", call.OpportunityId);
        var (first, second) = (one, other);
        Assert.Equal("failed", (await staging.StatusAsync(first)).Status);
        Assert.Equal("rejected", (await staging.StatusAsync(second)).Status);

        var (listExit, list) = await RunAsync("assignees");
        var (jsonExit, json) = await RunAsync("assignees", "--json");
        var (rejectedExit, rejected) = await RunAsync("changes", "--status", "rejected");

        Assert.True(listExit == 0, list);
        Assert.Contains("g***@example.com", list);
        Assert.Contains($"{first}", list);
        Assert.Contains("1 email Partner Central refused as not users of the account", list);
        Assert.DoesNotContain("ghost.user", list);
        Assert.True(jsonExit == 0, json);
        var row = Assert.Single(JsonDocument.Parse(json[json.IndexOf('[')..]).RootElement.EnumerateArray());
        Assert.Equal("g***@example.com", row.GetProperty("email").GetString());
        Assert.Equal(first, row.GetProperty("changeId").GetInt64());
        Assert.DoesNotContain("ghost.user", json);
        Assert.True(rejectedExit == 0, rejected);
        Assert.Contains($"{second}", rejected);
        Assert.Contains("refused this assignee as not a user", rejected);

        var (resetExit, reset) = await RunAsync("assignees", "reset", "Ghost.User@example.com");
        var (againExit, again) = await RunAsync("assignees", "reset", "Ghost.User@example.com");
        var (afterExit, after) = await RunAsync("assignees");

        Assert.True(resetExit == 0, reset);
        Assert.Contains("Forgot 1 email; 1 change rejected for g***@example.com back to pending", reset);
        Assert.DoesNotContain("ghost.user", reset, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("pending", (await staging.StatusAsync(second)).Status);
        Assert.True(againExit == 1, again);
        Assert.Contains("nothing to reset for g***@example.com", again);
        Assert.True(afterExit == 0, after);
        Assert.Contains("No assignee is remembered as unknown", after);
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("reset", "a@example.com", "--all")]
    [InlineData("forget", "a@example.com")]
    [InlineData("--all")]
    public async Task Assignees_Exits2WithOneLine_WhenTheArgumentsAreBad(params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(["assignees", .. arguments]);

        Assert.True(exitCode == 2, output);
        Assert.StartsWith("connector: ", output.TrimStart());
        Assert.DoesNotContain("   at ", output);
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress), Limit, arguments);
}
