using System.Net;
using Connector.PartnerCentral;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Emulator;

public class EmulatorStateTests
{
    private const string Offer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc";
    private const string OtherOffer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-def";

    [Fact]
    public async Task GetOpportunity_AnswersResourceNotFound_WhenIdIsInTheMissingList()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(("Emulator:Opportunities:Missing:0", "O404")));
        using var client = new SigV4TestClient(server.BaseAddress);

        var missing = await client.GetAsync("AWS", "O404");
        var associate = await client.AssociateAsync("AWS", "O404", "AwsProducts", "AWSLambda");
        var present = await client.GetAsync("AWS", "O405");

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("ResourceNotFoundException", missing.ErrorType);
        Assert.Equal("ResourceNotFoundException", associate.ErrorType);
        Assert.Equal(HttpStatusCode.OK, present.Status);
    }

    [Fact]
    public async Task GetOpportunity_FindsOnlySeededIds_WhenModeIsSeeded()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(
            ("Emulator:Opportunities:Mode", "Seeded"),
            ("Emulator:Opportunities:Seeded:0", "O1"),
            ("Emulator:Opportunities:Seeded:1", "Sandbox/O2")));
        using var client = new SigV4TestClient(server.BaseAddress);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("AWS", "O1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("Sandbox", "O1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("Sandbox", "O2")).Status);
        Assert.Equal("ResourceNotFoundException", (await client.GetAsync("AWS", "O2")).ErrorType);
        Assert.Equal("ResourceNotFoundException", (await client.GetAsync("AWS", "O3")).ErrorType);
    }

    [Fact]
    public async Task AssociateOpportunity_AnswersTooManyValues_WhenTwentyAwsProductsAreAssociated()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);
        var products = AwsProducts.Take(21);

        foreach (var product in products.Take(20))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.AssociateAsync("AWS", "O7", "AwsProducts", product)).Status);
        }

        var response = await client.AssociateAsync("AWS", "O7", "AwsProducts", products[20]);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal("BUSINESS_VALIDATION_FAILED", response.Reason);
        Assert.Equal([("RelatedEntityIdentifier", "TOO_MANY_VALUES")], response.ErrorList);
        Assert.Equal(20, server.State.Find("AWS", "O7")!.RelatedEntityIdentifiers.AwsProducts.Count);
    }

    [Fact]
    public async Task AssociateOpportunity_AcceptsExactlyTheCap_WhenManyAssociationsArriveAtOnce()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var responses = await Task.WhenAll(AwsProducts.Take(40).Select(product => client.AssociateAsync("AWS", "O6", "AwsProducts", product)));

        Assert.Equal(20, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(20, responses.Count(r => r.ErrorList.Contains(("RelatedEntityIdentifier", "TOO_MANY_VALUES"))));
        Assert.Equal(20, server.State.Find("AWS", "O6")!.RelatedEntityIdentifiers.AwsProducts.Count);
    }

    [Fact]
    public async Task AssociateOpportunity_AnswersTooManyValues_WhenTenSolutionsAreAssociated()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        server.Seed(new SeedOpportunity
        {
            Catalog = "AWS",
            Id = "O8",
            RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = Enumerable.Range(1, 10).Select(i => $"S-{i}").ToList() },
        });
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.AssociateAsync("AWS", "O8", "Solutions", "S-11");

        Assert.Equal("BUSINESS_VALIDATION_FAILED", response.Reason);
        Assert.Equal([("RelatedEntityIdentifier", "TOO_MANY_VALUES")], response.ErrorList);
    }

    [Fact]
    public async Task AssociateOpportunity_AnswersTooManyValues_WhenAnOfferIsAlreadyAssociated()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var first = await client.AssociateAsync("AWS", "O9", "AwsMarketplaceOffers", Offer);
        var second = await client.AssociateAsync("AWS", "O9", "AwsMarketplaceOffers", OtherOffer);
        await client.DisassociateAsync("AWS", "O9", "AwsMarketplaceOffers", Offer);
        var afterRemoval = await client.AssociateAsync("AWS", "O9", "AwsMarketplaceOffers", OtherOffer);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal([("RelatedEntityIdentifier", "TOO_MANY_VALUES")], second.ErrorList);
        Assert.Equal(HttpStatusCode.OK, afterRemoval.Status);
    }

    [Fact]
    public async Task AssociateOpportunity_SucceedsWithoutChange_WhenEntityIsAlreadyAssociated()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var first = await client.AssociateAsync("AWS", "O10", "AwsMarketplaceOffers", Offer);
        var repeat = await client.AssociateAsync("AWS", "O10", "AwsMarketplaceOffers", Offer);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, repeat.Status);
        Assert.Equal([Offer], server.State.Find("AWS", "O10")!.RelatedEntityIdentifiers.AwsMarketplaceOffers);
    }

    [Fact]
    public async Task DisassociateOpportunity_AnswersBusinessValidationInvalidValue_WhenEntityIsNotAssociated()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);
        await client.AssociateAsync("AWS", "O11", "Solutions", "S-1");

        var response = await client.DisassociateAsync("AWS", "O11", "Solutions", "S-2");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal("BUSINESS_VALIDATION_FAILED", response.Reason);
        Assert.Equal([("RelatedEntityIdentifier", "INVALID_VALUE")], response.ErrorList);
        Assert.Equal(["S-1"], server.State.Find("AWS", "O11")!.RelatedEntityIdentifiers.Solutions);
    }

    [Fact]
    public async Task DisassociateOpportunity_RemovesTheEntity_WhenItIsAssociated()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);
        await client.AssociateAsync("AWS", "O12", "Solutions", "S-1");
        await client.AssociateAsync("AWS", "O12", "Solutions", "S-2");

        var response = await client.DisassociateAsync("AWS", "O12", "Solutions", "S-1");
        var get = await client.GetAsync("AWS", "O12");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["S-2"], get.Body.GetProperty("RelatedEntityIdentifiers").GetProperty("Solutions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AssignOpportunity_ReplacesTheAssigneeWithTheSameTitle_AsSeenThroughGetOpportunity()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        await client.AssignAsync("AWS", "O13", "first.owner@example.com", "OpportunityOwner");
        await client.AssignAsync("AWS", "O13", "Account.Manager@Example.com", "PartnerAccountManager", phone: "+15555550100");
        var replace = await client.AssignAsync("AWS", "O13", "second.owner@example.com", "OpportunityOwner");
        var get = await client.GetAsync("AWS", "O13");

        Assert.Equal(HttpStatusCode.OK, replace.Status);
        var team = get.Body.GetProperty("OpportunityTeam").EnumerateArray()
            .Select(m => (Email: m.GetProperty("Email").GetString(), Title: m.GetProperty("BusinessTitle").GetString()))
            .OrderBy(m => m.Title)
            .ToList();
        Assert.Equal([("second.owner@example.com", "OpportunityOwner"), ("account.manager@example.com", "PartnerAccountManager")], team);
        var manager = get.Body.GetProperty("OpportunityTeam").EnumerateArray().Single(m => m.GetProperty("BusinessTitle").GetString() == "PartnerAccountManager");
        Assert.Equal("+15555550100", manager.GetProperty("Phone").GetString());
        Assert.Equal("Jane", manager.GetProperty("FirstName").GetString());
    }

    [Fact]
    public async Task AssociateOpportunity_KeepsCatalogsApart_WhenTheSameIdIsUsedInAwsAndSandbox()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        await client.AssociateAsync("Sandbox", "O14", "Solutions", "S-1");

        Assert.Equal(["S-1"], server.State.Find("Sandbox", "O14")!.RelatedEntityIdentifiers.Solutions);
        Assert.Empty(server.State.Find("AWS", "O14")!.RelatedEntityIdentifiers.Solutions);
    }

    [Fact]
    public async Task AssociateOpportunity_MovesLastModifiedDate_WhenTheOpportunityChanges()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(), "http://127.0.0.1:0", clock);
        using var client = new SigV4TestClient(server.BaseAddress, clock.GetUtcNow);
        var before = (await client.GetAsync("AWS", "O15")).Body.GetProperty("LastModifiedDate").GetString();

        clock.Advance(TimeSpan.FromMinutes(1));
        await client.AssociateAsync("AWS", "O15", "Solutions", "S-1");
        var after = (await client.GetAsync("AWS", "O15")).Body;

        Assert.Equal("2026-11-23T12:00:00.000Z", before);
        Assert.Equal("2026-11-23T12:01:00.000Z", after.GetProperty("LastModifiedDate").GetString());
        Assert.Equal("2026-11-23T12:00:00.000Z", after.GetProperty("CreatedDate").GetString());
    }
}
