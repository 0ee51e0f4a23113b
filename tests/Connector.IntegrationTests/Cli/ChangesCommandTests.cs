using System.Text.Json;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;

namespace Connector.IntegrationTests.Cli;

/// <summary><c>connector changes</c> through the real executable: every change can be found, and one change's whole
/// history told, without an assignee's email in clear.</summary>
public sealed class ChangesCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly StagingTable staging = new(database.ConnectionString);
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync() =>
        emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:Quotas:WritesPerSecond"] = "20" });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Changes_ListsAndShowsEveryChange_WithStatusAttemptsAndLedger()
    {
        emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O8701", Error = FaultKind.Validation, Message = "Solution is not active" }] });
        var failed = await staging.AssociateAsync("O8701", "Solutions", "S-1");
        var synced = await staging.AssociateAsync("O8702", "Solutions", "S-2");
        var assigned = await staging.AssignAsync("O8702", "secret.person@example.com", phone: "+14155550100");
        var (syncExit, syncOutput) = await RunAsync("sync");
        Assert.True(syncExit == 1, syncOutput);

        var (listExit, list) = await RunAsync("changes", "--status", "failed");
        var (jsonExit, json) = await RunAsync("changes", "--opportunity", "O8702", "--json");
        var (showExit, show) = await RunAsync("changes", "show", failed.ToString());
        var (assignExit, assign) = await RunAsync("changes", "show", assigned.ToString());

        Assert.True(listExit == 0, list);
        Assert.Contains($"{failed}", list);
        Assert.DoesNotContain($"{synced} ", list);
        Assert.Contains("ValidationException", list);
        Assert.True(jsonExit == 0, json);
        var rows = JsonDocument.Parse(json[json.IndexOf('[')..]).RootElement.EnumerateArray().ToList();
        Assert.Equal([assigned, synced], rows.Select(r => r.GetProperty("id").GetInt64()));
        Assert.All(rows, r => Assert.Equal("synced", r.GetProperty("status").GetString()));
        Assert.All(rows, r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
        Assert.True(showExit == 0, show);
        Assert.Contains("status      failed (ValidationException)", show);
        Assert.Contains("AssociateOpportunity", show);
        Assert.Contains("HTTP 400", show);
        Assert.True(assignExit == 0, assign);
        Assert.Contains("ledger      assignee PartnerAccountManager s***@example.com", assign);
        Assert.DoesNotContain("secret.person", assign);
        Assert.DoesNotContain("4155550100", assign);
    }

    [Fact]
    public async Task ChangesShow_Exits1_WhenTheChangeDoesNotExist()
    {
        var (exitCode, output) = await RunAsync("changes", "show", "987654321");

        Assert.True(exitCode == 1, output);
        Assert.Contains("there is no change 987654321", output);
    }

    [Fact]
    public async Task RetryId_Exits1AndSaysSo_WhenTheChangeDoesNotExist()
    {
        var (exitCode, output) = await RunAsync("retry", "--id", "987654321");

        Assert.True(exitCode == 1, output);
        Assert.Contains("there is no change 987654321", output);
    }

    [Theory]
    [InlineData("--status", "done")]
    [InlineData("--import", "x")]
    [InlineData("show", "-3")]
    public async Task Changes_Exits2WithOneLine_WhenAnArgumentIsBad(string option, string value)
    {
        var (exitCode, output) = await RunAsync("changes", option, value);

        Assert.True(exitCode == 2, output);
        Assert.StartsWith("connector: ", output.TrimStart());
        Assert.DoesNotContain("   at ", output);
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress), Limit, arguments);
}
