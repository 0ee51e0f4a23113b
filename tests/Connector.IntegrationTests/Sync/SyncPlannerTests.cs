using Connector.Changes;
using Connector.IntegrationTests.Infrastructure;
using Connector.PartnerCentral;
using Connector.Sync;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.IntegrationTests.Sync;

public sealed class SyncPlannerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly StagingTable staging = new(database.ConnectionString);
    private static readonly string Offer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc";
    private static readonly string OfferSet = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-abc";

    public Task InitializeAsync() => staging.ExecuteAsync(
        """
        truncate connector.crm_changes, connector.send_queue, connector.attempts, connector.ledger_associations,
                 connector.ledger_opportunities, connector.sync_runs, connector.imports cascade
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PlanAsync_QueuesOneCallPerKey_WhenTheSameChangeIsStagedThreeTimes()
    {
        var first = await staging.AssociateAsync("O1001", "AwsProducts", "AWSAmplify", secondsAgo: 30);
        var second = await staging.AssociateAsync("O1001", "AwsProducts", "AWSAmplify", secondsAgo: 20);
        var third = await staging.AssociateAsync("O1001", "AwsProducts", "AWSAmplify", secondsAgo: 10);

        var plan = await PlanAsync();

        Assert.Equal((1, 2), (plan.Queued, plan.Superseded));
        Assert.Equal([third], (await staging.QueueAsync()).Select(q => q.ChangeId));
        Assert.Equal("superseded", (await staging.StatusAsync(first)).Status);
        Assert.Equal("superseded", (await staging.StatusAsync(second)).Status);
    }

    [Fact]
    public async Task PlanAsync_MarksUnchanged_WhenTheLedgerAlreadyHasTheAssociation()
    {
        await staging.LedgerAssociationAsync("O1002", "Solutions", "S-1", associated: true);
        var id = await staging.AssociateAsync("O1002", "Solutions", "S-1");

        var plan = await PlanAsync();

        Assert.Equal((0, 1), (plan.Queued, plan.Unchanged));
        Assert.Equal("unchanged", (await staging.StatusAsync(id)).Status);
    }

    [Fact]
    public async Task PlanAsync_CancelsOut_WhenAnAssociateIsFollowedByADisassociateOfSomethingKnownAbsent()
    {
        await staging.LedgerAssociationAsync("O1003", "Solutions", "S-2", associated: false);
        var associate = await staging.AssociateAsync("O1003", "Solutions", "S-2", secondsAgo: 20);
        var disassociate = await staging.DisassociateAsync("O1003", "Solutions", "S-2", secondsAgo: 10);

        var plan = await PlanAsync();

        Assert.Equal(0, plan.Queued);
        Assert.Equal("superseded", (await staging.StatusAsync(associate)).Status);
        Assert.Equal("unchanged", (await staging.StatusAsync(disassociate)).Status);
    }

    [Fact]
    public async Task PlanAsync_ReadsFirst_WhenDisassociatingSomethingTheLedgerHasNeverSeen()
    {
        await staging.DisassociateAsync("O1004", "Solutions", "S-3");

        var plan = await PlanAsync();

        var queued = Assert.Single(await staging.QueueAsync());
        Assert.True(queued.ReadFirst);
        Assert.Equal(1, plan.ReadFirst);
    }

    [Fact]
    public async Task PlanAsync_RejectsWithColumnAndRule_WhenARowBreaksAFieldRule()
    {
        var badOpportunity = await staging.AssociateAsync("X12", "AwsProducts", "AWSAmplify");
        var unknownProduct = await staging.AssociateAsync("O1005", "AwsProducts", "NotAProduct");
        var badType = await staging.AssociateAsync("O1005", "Widgets", "W-1");
        var badChange = await staging.AssociateAsync("O1005", "Solutions", "S-4", change: "replace");
        var badEmail = await staging.AssignAsync("O1005", "not-an-email");

        var plan = await PlanAsync();

        Assert.Equal((0, 5), (plan.Queued, plan.Rejected));
        Assert.Contains("opportunity_id", (await staging.StatusAsync(badOpportunity)).Detail);
        Assert.Contains("entity_id", (await staging.StatusAsync(unknownProduct)).Detail);
        Assert.Contains("INVALID_VALUE", (await staging.StatusAsync(unknownProduct)).Detail);
        Assert.Contains("entity_type", (await staging.StatusAsync(badType)).Detail);
        Assert.Contains("change_type", (await staging.StatusAsync(badChange)).Detail);
        var email = await staging.StatusAsync(badEmail);
        Assert.Contains("assignee_email", email.Detail);
        Assert.DoesNotContain("not-an-email", email.Detail);
    }

    [Fact]
    public async Task PlanAsync_RejectsTheAssociatesBeyondTheCap_WhenTheLedgerIsNearlyFull()
    {
        await staging.LedgerAssociationAsync("O1006", "AwsMarketplaceOffers", Offer, associated: true);
        var second = await staging.AssociateAsync("O1006", "AwsMarketplaceOffers", Offer.Replace("offer-abc", "offer-def"));
        var products = new List<long>();
        foreach (var product in new[] { "AWSAmplify", "AWSBackup", "AWSBatch" })
        {
            products.Add(await staging.AssociateAsync("O1007", "AwsProducts", product, secondsAgo: 100 - products.Count));
        }

        for (var i = 0; i < 18; i++)
        {
            await staging.LedgerAssociationAsync("O1007", "AwsProducts", $"Existing{i}", associated: true);
        }

        var plan = await PlanAsync();

        Assert.Equal("rejected", (await staging.StatusAsync(second)).Status);
        Assert.Contains("TOO_MANY_VALUES", (await staging.StatusAsync(second)).Detail);
        Assert.Equal(["pending", "pending", "rejected"], await Task.WhenAll(products.Select(async p => (await staging.StatusAsync(p)).Status)));
        Assert.Equal(2, plan.Queued);
    }

    [Theory]
    [InlineData("AwsMarketplaceSolutions", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-")]
    [InlineData("AwsMarketplaceProducts", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/prod-")]
    public async Task PlanAsync_RejectsTheEleventhMarketplaceAssociate_WhenTheLedgerHasNine(string entityType, string arnPrefix)
    {
        for (var i = 0; i < 9; i++)
        {
            await staging.LedgerAssociationAsync("O1030", entityType, $"{arnPrefix}existing{i}", associated: true);
        }

        var tenth = await staging.AssociateAsync("O1030", entityType, $"{arnPrefix}new1", secondsAgo: 20);
        var eleventh = await staging.AssociateAsync("O1030", entityType, $"{arnPrefix}new2", secondsAgo: 10);

        var plan = await PlanAsync();

        Assert.Equal("pending", (await staging.StatusAsync(tenth)).Status);
        Assert.Equal("rejected", (await staging.StatusAsync(eleventh)).Status);
        Assert.Contains($"more than 10 {entityType}", (await staging.StatusAsync(eleventh)).Detail);
        Assert.Equal(1, plan.Queued);
    }

    [Fact]
    public async Task PlanAsync_RejectsAnOfferSet_WhenTheLedgerHasAnOffer()
    {
        await staging.LedgerAssociationAsync("O1031", "AwsMarketplaceOffers", Offer, associated: true);
        var set = await staging.AssociateAsync("O1031", "AwsMarketplaceOfferSets", OfferSet);

        var plan = await PlanAsync();

        var status = await staging.StatusAsync(set);
        Assert.Equal("rejected", status.Status);
        Assert.Contains("one Marketplace offer or one offer set, not both", status.Detail);
        Assert.Equal((0, 1), (plan.Queued, plan.Rejected));
    }

    [Fact]
    public async Task PlanAsync_RejectsTheLaterOfAnOfferAndAnOfferSet_WhenBothAreStagedInOneBatch()
    {
        var offer = await staging.AssociateAsync("O1032", "AwsMarketplaceOffers", Offer, secondsAgo: 20);
        var set = await staging.AssociateAsync("O1032", "AwsMarketplaceOfferSets", OfferSet, secondsAgo: 10);

        var plan = await PlanAsync();

        Assert.Equal("pending", (await staging.StatusAsync(offer)).Status);
        Assert.Equal("rejected", (await staging.StatusAsync(set)).Status);
        Assert.Contains("already has AwsMarketplaceOffers", (await staging.StatusAsync(set)).Detail);
        Assert.Equal([offer], (await staging.QueueAsync()).Select(q => q.ChangeId));
        Assert.Equal(1, plan.Queued);
    }

    [Fact]
    public async Task PlanAsync_MarksUnchanged_WhenTheAssigneeDiffersOnlyInCaseAndSpaces()
    {
        await staging.LedgerAssigneeAsync("O1008", "ana.lima@example.com");
        var same = await staging.AssignAsync("O1008", "  Ana.Lima@Example.COM ", first: " Ana ", last: "Lima ");

        var plan = await PlanAsync();

        Assert.Equal("unchanged", (await staging.StatusAsync(same)).Status);
        Assert.Equal(0, plan.Queued);
    }

    [Theory]
    [InlineData("\t")]
    [InlineData("\u00a0")]
    [InlineData("\u2003")]
    public async Task PlanAsync_MarksUnchanged_WhenTheAssigneeDiffersOnlyInWhitespaceThatIsNotASpace(string whitespace)
    {
        // The ledger holds the assignee as it was sent (RequestValidator.Normalise trims all whitespace); the plan must
        // compare by the same rule, or a tab or a no-break space around a name costs a write.
        var opportunity = "O10" + (80 + whitespace[0] % 17);
        await staging.LedgerAssigneeAsync(opportunity, "ana.lima@example.com");
        var same = await staging.AssignAsync(opportunity, whitespace + "ana.lima@example.com", first: "Ana" + whitespace, last: whitespace + "Lima",
            title: "PartnerAccountManager" + whitespace);

        var plan = await PlanAsync();

        Assert.Equal("unchanged", (await staging.StatusAsync(same)).Status);
        Assert.Equal(0, plan.Queued);
    }

    [Fact]
    public async Task PlanAsync_SendsOnlyTheLatestAssignment_WhenTheAssigneeChangedTwiceBeforeSending()
    {
        var older = await staging.AssignAsync("O1009", "first@example.com", secondsAgo: 60);
        var newer = await staging.AssignAsync("O1009", "second@example.com", secondsAgo: 5);

        await PlanAsync();

        Assert.Equal("superseded", (await staging.StatusAsync(older)).Status);
        Assert.Equal([newer], (await staging.QueueAsync()).Select(q => q.ChangeId));
    }

    [Fact]
    public async Task PlanAsync_SupersedesAQueuedChange_WhenANewerOneForTheSameKeyArrives()
    {
        var queued = await staging.AssignAsync("O1010", "first@example.com", secondsAgo: 60);
        await PlanAsync();
        var newer = await staging.AssignAsync("O1010", "second@example.com");

        await PlanAsync();

        Assert.Equal("superseded", (await staging.StatusAsync(queued)).Status);
        Assert.Equal([newer], (await staging.QueueAsync()).Select(q => q.ChangeId));
    }

    [Fact]
    public async Task PlanAsync_HoldsBackANewChange_WhenTheQueuedOneForTheSameKeyHasAnUnresolvedAttempt()
    {
        var queued = await staging.AssignAsync("O1011", "first@example.com", secondsAgo: 60);
        await PlanAsync();
        await staging.ExecuteAsync(
            "insert into connector.attempts (change_id, operation, is_write, catalog, opportunity_id, slot_at) values (@queued, 'AssignOpportunity', true, 'AWS', 'O1011', now())",
            new { queued });
        var newer = await staging.AssignAsync("O1011", "second@example.com");

        var plan = await PlanAsync();

        Assert.Equal(1, plan.HeldBack);
        Assert.Equal("pending", (await staging.StatusAsync(newer)).Status);
        Assert.Equal([queued], (await staging.QueueAsync()).Select(q => q.ChangeId));
    }

    [Fact]
    public async Task PlanAsync_OrdersAssociatesBeforeAssignBeforeDisassociates_WithinAnOpportunity()
    {
        await staging.LedgerAssociationAsync("O1012", "Solutions", "S-9", associated: true);
        var disassociate = await staging.DisassociateAsync("O1012", "Solutions", "S-9", secondsAgo: 30);
        var assign = await staging.AssignAsync("O1012", "owner@example.com", secondsAgo: 20);
        var associate = await staging.AssociateAsync("O1012", "Solutions", "S-10", secondsAgo: 10);

        await PlanAsync();

        Assert.Equal([associate, assign, disassociate], (await staging.QueueAsync()).Select(q => q.ChangeId));
    }

    [Fact]
    public async Task PlanAsync_DefersTheChangesBeyondTheBudget_WithTheTimeTheyBecomeEligible()
    {
        for (var i = 0; i < 5; i++)
        {
            await staging.AssociateAsync($"O20{i}", "Solutions", "S-1");
        }

        var plan = await PlanAsync(budget: 3);

        Assert.Equal((5, 2, 3), (plan.Queued, plan.Deferred, plan.WritesDue));
        var queue = await staging.QueueAsync();
        Assert.Equal(2, queue.Count(q => q.Deferred));
        var deferred = await staging.StatusAsync(queue.Last().ChangeId);
        Assert.Equal("deferred", deferred.Status);
        Assert.Contains("eligible at", deferred.Detail);
    }

    [Fact]
    public async Task PlanAsync_DefersEarlierQueuedChanges_WhenNewOnesOfAHigherPriorityTakeTheBudget()
    {
        var earlier = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            await staging.LedgerAssociationAsync($"O21{i}", "Solutions", "S-1", associated: true);
            earlier.Add(await staging.DisassociateAsync($"O21{i}", "Solutions", "S-1"));
        }

        var first = await PlanAsync(budget: 3);
        var associates = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            associates.Add(await staging.AssociateAsync($"O22{i}", "Solutions", "S-1"));
        }

        var plan = await PlanAsync(budget: 3);

        // The due queue is ranked as a whole: the new associates go first, the earlier disassociates wait. Only this
        // run's own changes count as its deferred ones; the earlier ones keep the run that planned them.
        Assert.Equal((0, 3, 0, 3), (first.Deferred, plan.Queued, plan.Deferred, plan.WritesDue));
        var queue = await staging.QueueAsync();
        Assert.Equal(earlier, queue.Where(q => q.Deferred).Select(q => q.ChangeId));
        Assert.Equal(associates, queue.Where(q => !q.Deferred).Select(q => q.ChangeId));
        foreach (var id in earlier)
        {
            var status = await staging.StatusAsync(id);
            Assert.Equal("deferred", status.Status);
            Assert.Contains("24 h write budget of 3 used; eligible at", status.Detail);
            Assert.Equal(first.RunId, await staging.RunIdAsync(id));
        }

        Assert.Equal(["pending", "pending", "pending"], await Task.WhenAll(associates.Select(async a => (await staging.StatusAsync(a)).Status)));
        Assert.Equal(plan.RunId, await staging.RunIdAsync(associates[0]));
    }

    [Fact]
    public async Task PlanAsync_MakesExactlyTheNeededCalls_ForAMixedWorkload()
    {
        // Needed: 1 new product, 1 changed assignee, 1 flip-flop resolved to associate.
        await staging.LedgerAssociationAsync("O3001", "AwsProducts", "AWSAmplify", associated: true);
        await staging.LedgerAssigneeAsync("O3001", "owner@example.com");
        await staging.AssociateAsync("O3001", "AwsProducts", "AWSAmplify", secondsAgo: 50);        // no-op
        await staging.AssociateAsync("O3001", "AwsProducts", "AWSAmplify", secondsAgo: 49);        // duplicate no-op
        await staging.AssociateAsync("O3001", "AwsProducts", "AWSBackup", secondsAgo: 48);         // needed
        await staging.AssociateAsync("O3001", "AwsProducts", "AWSBackup", secondsAgo: 47);         // duplicate
        await staging.AssignAsync("O3001", "owner@example.com", secondsAgo: 46);                  // superseded
        await staging.AssignAsync("O3001", "new.owner@example.com", secondsAgo: 45);              // needed
        await staging.AssociateAsync("O3002", "Solutions", "S-5", secondsAgo: 44);                // flip
        await staging.DisassociateAsync("O3002", "Solutions", "S-5", secondsAgo: 43);             // flop
        await staging.AssociateAsync("O3002", "Solutions", "S-5", secondsAgo: 42);                // needed
        await staging.AssociateAsync("O3002", "AwsProducts", "NotAProduct", secondsAgo: 41);      // invalid

        var plan = await PlanAsync();

        Assert.Equal(3, plan.Queued);
        Assert.Equal(["AssociateOpportunity", "AssociateOpportunity", "AssignOpportunity"], (await staging.QueueAsync()).Select(q => q.Operation));
        Assert.Equal((1, 1, 5), (plan.Unchanged, plan.Rejected, plan.Superseded));
    }

    [Fact]
    public async Task PreviewAsync_ListsEveryCallWithItsReason_AndWritesNothing()
    {
        var id = await staging.AssociateAsync("O4001", "AwsProducts", "AWSAmplify");

        var preview = await new SyncService(NpgsqlDataSource.Create(database.ConnectionString), Planner(10_000)).PreviewAsync(CancellationToken.None);

        var call = Assert.Single(preview.Calls);
        Assert.Equal(("AssociateOpportunity", "not yet known to the connector (never sent or read): sent as asked"), (call.Operation, call.Reason));
        Assert.Empty(await staging.QueueAsync());
        Assert.Equal("pending", (await staging.StatusAsync(id)).Status);
    }

    private async Task<PlanResult> PlanAsync(int budget = 10_000) =>
        await new SyncService(NpgsqlDataSource.Create(database.ConnectionString), Planner(budget)).PlanAsync("test", CancellationToken.None);

    private static SyncPlanner Planner(int budget) =>
        new(Options.Create(new SyncOptions()), Options.Create(new PartnerCentralOptions { WritesPer24Hours = budget }), new ChangeRecorder());
}
