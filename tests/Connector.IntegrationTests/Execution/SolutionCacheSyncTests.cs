using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Solutions;

namespace Connector.IntegrationTests.Execution;

/// <summary>The account's solutions from ListSolutions: an associate of an Inactive, Draft or unknown solution costs
/// no write; a catalog never listed is sent as before.</summary>
public sealed class SolutionCacheSyncTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string?> ThreeSolutions = new()
    {
        ["Emulator:Solutions:0:Id"] = "S-1000001",
        ["Emulator:Solutions:0:Name"] = "Analytics",
        ["Emulator:Solutions:1:Id"] = "S-1000002",
        ["Emulator:Solutions:1:Status"] = "Inactive",
        ["Emulator:Solutions:2:Id"] = "S-1000003",
        ["Emulator:Solutions:2:Status"] = "Draft",
    };

    private readonly StagingTable staging = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await staging.ResetAsync();
        await staging.ExecuteAsync("truncate connector.solution_lists cascade");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Plan_RejectsInactiveDraftAndUnknownSolutionsWithoutAWrite_AndListsAgainForTheUnknownOne()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, emulatorSettings: ThreeSolutions);
        var refresh = await harness.Get<SolutionCache>().RefreshAsync("AWS", CancellationToken.None);
        Assert.Equal(new SolutionRefresh("AWS", true, 3, null), refresh);
        var active = await staging.AssociateAsync("O7301", "Solutions", "S-1000001");
        var inactive = await staging.AssociateAsync("O7301", "Solutions", "S-1000002");
        var draft = await staging.AssociateAsync("O7301", "Solutions", "S-1000003");
        var unknown = await staging.AssociateAsync("O7301", "Solutions", "S-1000009");

        var plan = await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(["AssociateOpportunity O7301 S-1000001"], harness.Writes());
        // One list asked here, one more by the plan: S-1000009 changed after the first list was taken.
        Assert.Equal(2, harness.Emulator.Calls.Count(c => c.Operation == "ListSolutions"));
        Assert.Equal(3, plan.Rejected);
        Assert.Equal("synced", (await staging.StatusAsync(active)).Status);
        var (inactiveStatus, inactiveDetail) = await staging.StatusAsync(inactive);
        Assert.Equal("rejected", inactiveStatus);
        Assert.Contains("solution S-1000002 is Inactive in Partner Central (ListSolutions at ", inactiveDetail);
        Assert.Contains("only an active solution can be associated (INVALID_VALUE)", inactiveDetail);
        Assert.Contains("solution S-1000003 is Draft in Partner Central", (await staging.StatusAsync(draft)).Detail);
        var (unknownStatus, unknownDetail) = await staging.StatusAsync(unknown);
        Assert.Equal("rejected", unknownStatus);
        Assert.Contains("S-1000009 is not one of the account's solutions (ListSolutions at ", unknownDetail);

        // A later associate of a listed, active solution needs no new list.
        await staging.AssociateAsync("O7302", "Solutions", "S-1000001");
        await harness.PlanAsync();
        await harness.DrainAsync();
        Assert.Equal(2, harness.Emulator.Calls.Count(c => c.Operation == "ListSolutions"));
        Assert.Equal(2, harness.Writes().Count);
    }

    [Fact]
    public async Task Plan_SendsUnchecked_WhenTheCatalogWasNeverListed_AndTheServiceRefusesTheInactiveSolution()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, emulatorSettings: ThreeSolutions);
        var inactive = await staging.AssociateAsync("O7311", "Solutions", "S-1000002");

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(["AssociateOpportunity O7311 S-1000002"], harness.Writes());
        Assert.DoesNotContain(harness.Emulator.Calls, c => c.Operation == "ListSolutions");
        var (status, detail) = await staging.StatusAsync(inactive);
        Assert.Equal("failed", status);
        Assert.Contains("S-1000002 is Inactive", detail);
    }

    [Fact]
    public async Task Plan_SendsUncheckedAndListsNoMore_WhenTheListIsEmpty()
    {
        // The emulator without Emulator:Solutions lists none, as an account without solutions would.
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        Assert.Equal(new SolutionRefresh("AWS", true, 0, null), await harness.Get<SolutionCache>().RefreshAsync("AWS", CancellationToken.None));
        var change = await staging.AssociateAsync("O7321", "Solutions", "S-1000001");

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal("synced", (await staging.StatusAsync(change)).Status);
        Assert.Single(harness.Emulator.Calls, c => c.Operation == "ListSolutions");
    }

    [Fact]
    public async Task Refresh_ReadsEveryPage_AndCountsEachAsARead()
    {
        var many = new Dictionary<string, string?>();
        for (var i = 0; i < 150; i++)
        {
            many[$"Emulator:Solutions:{i}:Id"] = $"S-{2000000 + i}";
            many[$"Emulator:Solutions:{i}:Status"] = i % 10 == 0 ? "Inactive" : "Active";
        }

        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, emulatorSettings: many);

        var refresh = await harness.Get<SolutionCache>().RefreshAsync("AWS", CancellationToken.None);

        Assert.Equal(new SolutionRefresh("AWS", true, 150, null), refresh);
        Assert.Equal(2, harness.Emulator.Calls.Count(c => c.Operation == "ListSolutions"));
        var list = Assert.Single(await harness.Get<SolutionCache>().ListAsync(CancellationToken.None));
        Assert.Equal(150, list.Solutions.Count);
        Assert.Equal(15, list.Solutions.Count(s => s.Status == "Inactive"));
        Assert.Empty(harness.Writes());
    }
}
