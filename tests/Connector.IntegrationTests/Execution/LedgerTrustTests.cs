using Connector.Changes;
using Connector.IntegrationTests.Infrastructure;
using Connector.PartnerCentral;
using Connector.IntegrationTests.Sync;
using Connector.Sync;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Execution;

/// <summary>Verify before skipping: a change is settled as unchanged only on a fresh ledger fact; on an older one the
/// opportunity is read first (once per opportunity), within the verification share of the read quota.</summary>
public sealed class LedgerTrustTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly StagingTable staging = new(database.ConnectionString);

    public Task InitializeAsync() => staging.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sync_SendsAReassertedAssociationAgain_WhenSomeoneRemovedItInPartnerCentralAndTheFactIsOld()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        await staging.AssociateAsync("O6201", "Solutions", "S-1");
        await harness.PlanAsync();
        await harness.DrainAsync();
        // Someone removes it in the Partner Central UI; a day later the CRM asks for it again.
        harness.Emulator.Seed(new SeedOpportunity { Id = "O6201", RelatedEntityIdentifiers = new RelatedEntityIdentifiers() });
        await AgeLedgerAsync(TimeSpan.FromHours(25));
        var again = await staging.AssociateAsync("O6201", "Solutions", "S-1");

        var plan = await harness.PlanAsync();
        await harness.DrainAsync();

        // Before, the ledger's old "associated" settled it as unchanged and the CRM's intent was lost.
        Assert.Equal(1, plan.Verifying);
        Assert.Equal(ChangeStatus.Synced, (await staging.StatusAsync(again)).Status);
        Assert.Equal(["AssociateOpportunity O6201 S-1", "AssociateOpportunity O6201 S-1"], harness.Writes());
        Assert.Contains("S-1", harness.Emulator.State.Find("AWS", "O6201")!.RelatedEntityIdentifiers.Solutions);
    }

    [Fact]
    public async Task Sync_TrustsAFreshFact_WithoutARead()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        await staging.LedgerAssociationAsync("O6202", "Solutions", "S-1", associated: true);
        var id = await staging.AssociateAsync("O6202", "Solutions", "S-1");

        var plan = await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal((0, 1), (plan.Verifying, plan.Unchanged));
        Assert.Equal(ChangeStatus.Unchanged, (await staging.StatusAsync(id)).Status);
        Assert.Empty(harness.Emulator.Calls);
    }

    [Fact]
    public async Task Sync_ReadsOncePerOpportunity_AndSettlesWithoutWrites_WhenOldFactsAreStillTrue()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O6203", RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = ["S-1", "S-2"], AwsProducts = ["AWSLambda"] } });
        await staging.LedgerAssociationAsync("O6203", "Solutions", "S-1", associated: true);
        await staging.LedgerAssociationAsync("O6203", "Solutions", "S-2", associated: true);
        await staging.LedgerAssociationAsync("O6203", "AwsProducts", "AWSLambda", associated: true);
        await AgeLedgerAsync(TimeSpan.FromHours(30));
        var ids = new[]
        {
            await staging.AssociateAsync("O6203", "Solutions", "S-1"),
            await staging.AssociateAsync("O6203", "Solutions", "S-2"),
            await staging.AssociateAsync("O6203", "AwsProducts", "AWSLambda"),
        };

        var preview = await harness.Get<SyncService>().PreviewAsync(CancellationToken.None);
        var plan = await harness.PlanAsync();
        await harness.DrainAsync();

        // sync --dry-run says which decisions wait for a read.
        Assert.All(preview.Calls, c => Assert.Equal("read first: what the ledger knows of it is older than Sync:LedgerTrustAge", c.Reason));
        Assert.Equal(3, plan.Verifying);
        Assert.Single(harness.Emulator.Calls, c => c.Operation == "GetOpportunity");
        Assert.Empty(harness.Writes());
        foreach (var id in ids)
        {
            Assert.Equal(ChangeStatus.Unchanged, (await staging.StatusAsync(id)).Status);
        }
    }

    [Fact]
    public async Task Plan_LeavesAChangePendingWithTheReason_WhenTheVerificationReadsAreUsed()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { ["Sync:VerifyReadsPer24Hours"] = "1" });
        await staging.LedgerAssociationAsync("O6204", "Solutions", "S-1", associated: true);
        await staging.LedgerAssociationAsync("O6205", "Solutions", "S-1", associated: true);
        await AgeLedgerAsync(TimeSpan.FromHours(30));
        var first = await staging.AssociateAsync("O6204", "Solutions", "S-1");
        var second = await staging.AssociateAsync("O6205", "Solutions", "S-1");

        var plan = await harness.PlanAsync();

        Assert.Equal((1, 1), (plan.Verifying, plan.WaitingForRead));
        Assert.Equal(ChangeStatus.Pending, (await staging.StatusAsync(first)).Status);
        var (status, detail) = await staging.StatusAsync(second);
        Assert.Equal(ChangeStatus.Pending, status);
        Assert.Contains("waiting for a read", detail);
        Assert.Single(await staging.QueueAsync());
    }

    private Task AgeLedgerAsync(TimeSpan age) => staging.ExecuteAsync(
        "update connector.ledger_associations set learned_at = now() - @age; update connector.ledger_opportunities set read_at = now() - @age, assignee_learned_at = now() - @age",
        new { age });
}
