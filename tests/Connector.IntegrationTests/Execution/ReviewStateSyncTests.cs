using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Sync;
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

    [Fact]
    public async Task Review_CostsOneWrite_WhenLanesWorkTheQueueTogether()
    {
        // Two lanes: the second would claim the opportunity's next change while the first is discovering the review,
        // and write it once the gate opened. The claim looks past an opportunity another sender holds.
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O7531", ReviewStatus = "Submitted" });
        var waiting = new List<long>();
        for (var i = 1; i <= 9; i++)
        {
            waiting.Add(await staging.AssociateAsync("O7531", "Solutions", $"S-{1_000_000 + i}"));
            await staging.AssociateAsync($"O{7540 + i}", "Solutions", $"S-{1_000_000 + i}");
        }

        await harness.PlanAsync();
        var drainer = harness.Get<QueueDrainer>();
        await Task.WhenAll(drainer.DrainAsync(0, CancellationToken.None), drainer.DrainAsync(1, CancellationToken.None));

        Assert.Single(harness.Writes(), w => w.StartsWith("AssociateOpportunity O7531 ", StringComparison.Ordinal));
        Assert.Equal(9, harness.Writes().Count(w => !w.StartsWith("AssociateOpportunity O7531 ", StringComparison.Ordinal)));
        foreach (var id in waiting)
        {
            Assert.Equal("deferred", (await staging.StatusAsync(id)).Status);
        }
    }

    [Fact]
    public async Task ChangePlannedWhileTheOpportunityWaits_WaitsWithIt_WithoutAWrite()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O7561", ReviewStatus = "In review" });
        await staging.AssociateAsync("O7561", "Solutions", "S-1000001");
        await harness.PlanAsync();
        await harness.DrainAsync();
        Assert.Single(harness.Writes());
        var waitingUntil = await NotBeforesAsync();

        var later = await staging.AssociateAsync("O7561", "Solutions", "S-1000002");
        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Single(harness.Writes());
        var (status, detail) = await staging.StatusAsync(later);
        Assert.Equal("deferred", status);
        Assert.StartsWith("waiting: opportunity under AWS review (ReviewStatus In review, read ", detail);
        Assert.Equal([waitingUntil[0], waitingUntil[0]], await NotBeforesAsync());

        // Over: the next read shows it, and both go out.
        harness.Emulator.Seed(new SeedOpportunity { Id = "O7561", ReviewStatus = "Approved" });
        // The moment they waited for has come (both were queued anew for it).
        await staging.ExecuteAsync("update connector.send_queue set not_before = now(), enqueued_at = now() - interval '1 second'");
        await harness.DrainAsync();
        Assert.Equal("synced", (await staging.StatusAsync(later)).Status);
        Assert.Equal(3, harness.Writes().Count);
        // The read that met the review, and the one that found it over (it answers for both).
        Assert.Equal(2, harness.Emulator.Calls.Count(c => c.Operation == "GetOpportunity"));
    }

    [Fact]
    public async Task Claim_LooksPastAnOpportunityAnotherSenderHolds()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        var held = await staging.AssociateAsync("O7551", "Solutions", "S-1000001");
        var free = await staging.AssociateAsync("O7552", "Solutions", "S-1000002");
        await harness.PlanAsync();

        // Another sender's claim: the opportunity's lock, held in its transaction (0x50435244, as SendQueue takes it).
        await using var other = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using (var transaction = await other.BeginTransactionAsync())
        {
            await using var command = new Npgsql.NpgsqlCommand("select pg_advisory_xact_lock(1346589252, hashtext('AWS/O7551'))", other, transaction);
            await command.ExecuteNonQueryAsync();

            Assert.Equal(SendOutcome.Sent, await harness.Get<ChangeSender>().SendNextAsync(CancellationToken.None));
            Assert.Equal(SendOutcome.NoWork, await harness.Get<ChangeSender>().SendNextAsync(CancellationToken.None));
            Assert.Equal(["AssociateOpportunity O7552 S-1000002"], harness.Writes());
            Assert.Equal("pending", (await staging.StatusAsync(held)).Status);
            Assert.Equal("synced", (await staging.StatusAsync(free)).Status);
        }

        // Released: the change goes.
        Assert.Equal(SendOutcome.Sent, await harness.Get<ChangeSender>().SendNextAsync(CancellationToken.None));
        Assert.Equal("synced", (await staging.StatusAsync(held)).Status);
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

    private async Task<IReadOnlyList<DateTime>> NotBeforesAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        return (await Dapper.SqlMapper.QueryAsync<DateTime>(connection, "select not_before from connector.send_queue order by change_id")).ToList();
    }
}
