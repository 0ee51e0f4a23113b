using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.PartnerCentral;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Execution;

/// <summary>Marketplace solutions/products and the offer-or-offer-set rule, planned and sent against the emulator.</summary>
public sealed class MarketplaceSyncTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Solution = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-ab1c2de3fgh4i";
    private const string Product = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ContainerProduct/prod-ab1c2de3fgh4i";
    private const string Offer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc";
    private const string OfferSet = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-abc";

    private readonly StagingTable staging = new(database.ConnectionString);

    public Task InitializeAsync() => staging.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DrainAsync_AssociatesMarketplaceSolutionAndProduct_AndTheEmulatorListsThem()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        var solution = await staging.AssociateAsync("O7101", RelatedEntityType.AwsMarketplaceSolutions, Solution);
        var product = await staging.AssociateAsync("O7101", RelatedEntityType.AwsMarketplaceProducts, Product);

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal("synced", (await staging.StatusAsync(solution)).Status);
        Assert.Equal("synced", (await staging.StatusAsync(product)).Status);
        var ids = harness.Emulator.State.Find("AWS", "O7101")!.RelatedEntityIdentifiers;
        Assert.Equal([Solution], ids.AwsMarketplaceSolutions);
        Assert.Equal([Product], ids.AwsMarketplaceProducts);
    }

    [Fact]
    public async Task PlanAsync_SendsNoCallForAnOffer_WhenTheLedgerHasAnOfferSet()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O7102", RelatedEntityIdentifiers = new RelatedEntityIdentifiers { AwsMarketplaceOfferSets = [OfferSet] } });
        await staging.LedgerAssociationAsync("O7102", RelatedEntityType.AwsMarketplaceOfferSets, OfferSet, associated: true);
        var offer = await staging.AssociateAsync("O7102", RelatedEntityType.AwsMarketplaceOffers, Offer);

        await harness.PlanAsync();
        await harness.DrainAsync();

        var (status, detail) = await staging.StatusAsync(offer);
        Assert.Equal("rejected", status);
        Assert.Contains("already has AwsMarketplaceOfferSets; one Marketplace offer or one offer set, not both", detail);
        Assert.Empty(harness.Writes());
    }
}
