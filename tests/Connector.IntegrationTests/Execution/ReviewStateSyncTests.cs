using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Execution;

/// <summary>An opportunity under AWS review: the write that meets the review is the only one refused; the
/// opportunity's changes wait, deferred, are checked with reads, and go out by themselves once a read shows the
/// review over. A rejected opportunity ends the change as failed, not retried.</summary>
public sealed class ReviewStateSyncTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly StagingTable staging = new(database.ConnectionString);

    public Task InitializeAsync() => staging.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Changes_WaitForTheReview_ThenGoOutAfterARead()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O7501", ReviewStatus = "In review" });
        var associate = await staging.AssociateAsync("O7501", "Solutions", "S-1000001");
        var assign = await staging.AssignAsync("O7501", "ana.lima@example.com");
        var elsewhere = await staging.AssociateAsync("O7502", "Solutions", "S-1000002");

        await harness.PlanAsync();
        await harness.DrainAsync();

        // One write met the review; the read showed it; the assignment was never sent.
        Assert.Equal(["AssociateOpportunity O7501 S-1000001", "AssociateOpportunity O7502 S-1000002"], harness.Writes());
        Assert.Single(harness.Emulator.Calls, c => c.Operation == "GetOpportunity");
        foreach (var id in new[] { associate, assign })
        {
            var (status, detail) = await staging.StatusAsync(id);
            Assert.Equal("deferred", status);
            Assert.Contains("waiting: opportunity under AWS review (ReviewStatus In review, read ", detail);
            Assert.Contains("checked again with a read at ", detail);
        }

        Assert.Equal("synced", (await staging.StatusAsync(elsewhere)).Status);
        var queue = await staging.QueueAsync();
        Assert.Equal(2, queue.Count);

        // Due again while still in review: a read each, no write.
        await staging.ExecuteAsync("update connector.send_queue set not_before = now()");
        await harness.DrainAsync();
        Assert.Equal(2, harness.Writes().Count);
        Assert.Equal("deferred", (await staging.StatusAsync(associate)).Status);
        var reads = harness.Emulator.Calls.Count(c => c.Operation == "GetOpportunity");
        Assert.Equal(2, reads);

        // The review is over: the next read shows it, and both go out.
        harness.Emulator.Seed(new SeedOpportunity { Id = "O7501", ReviewStatus = "Approved" });
        await staging.ExecuteAsync("update connector.send_queue set not_before = now()");
        await harness.DrainAsync();

        Assert.Equal("synced", (await staging.StatusAsync(associate)).Status);
        Assert.Equal("synced", (await staging.StatusAsync(assign)).Status);
        Assert.Equal(4, harness.Writes().Count);
        Assert.Empty(await staging.QueueAsync());
    }

    [Theory]
    [InlineData("Rejected", null, "the opportunity is Rejected by AWS review")]
    [InlineData("Approved", "Closed Lost", "the opportunity is Closed Lost")]
    public async Task Change_Fails_NotRetried_WhenTheOpportunityIsRejectedOrClosedLost(string review, string? stage, string reason)
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O7511", ReviewStatus = review, Stage = stage });
        var change = await staging.AssociateAsync("O7511", "Solutions", "S-1000001");

        await harness.PlanAsync();
        await harness.DrainAsync();

        var (status, detail) = await staging.StatusAsync(change);
        Assert.Equal("failed", status);
        Assert.Contains(reason + " (checked with GetOpportunity): not retried", detail);
        Assert.Single(harness.Writes());
        Assert.Single(harness.Emulator.Calls, c => c.Operation == "GetOpportunity");
        Assert.Empty(await staging.QueueAsync());
    }
}
