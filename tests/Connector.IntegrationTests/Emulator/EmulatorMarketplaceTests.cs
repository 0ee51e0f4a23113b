using System.Net;
using Connector.PartnerCentral;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Emulator;

/// <summary>Marketplace solutions and products (ARN shapes, caps of 10) and one offer or one offer set, not both.</summary>
public sealed class EmulatorMarketplaceTests
{
    private const string SolutionArn = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-";
    private const string ProductArn = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/prod-";
    private const string Offer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc";
    private const string OfferSet = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-abc";

    [Theory]
    [InlineData("AwsMarketplaceSolutions", SolutionArn)]
    [InlineData("AwsMarketplaceProducts", ProductArn)]
    public async Task AssociateOpportunity_AnswersTooManyValues_WhenTenMarketplaceEntitiesAreAssociated(string entityType, string arnPrefix)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.AssociateAsync("AWS", "O40", entityType, $"{arnPrefix}x{i}")).Status);
        }

        var response = await client.AssociateAsync("AWS", "O40", entityType, $"{arnPrefix}x10");

        Assert.Equal([("RelatedEntityIdentifier", "TOO_MANY_VALUES")], response.ErrorList);
        Assert.Equal(10, server.State.Find("AWS", "O40")!.RelatedEntityIdentifiers.For(entityType).Count);
    }

    [Theory]
    [InlineData("AwsMarketplaceSolutions", "S-1234")]
    [InlineData("AwsMarketplaceProducts", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-abc")]
    public async Task AssociateOpportunity_AnswersValidation_WhenTheArnHasTheWrongShape(string entityType, string id)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.AssociateAsync("AWS", "O41", entityType, id);

        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal([("RelatedEntityIdentifier", "INVALID_STRING_FORMAT")], response.ErrorList);
    }

    [Fact]
    public async Task GetOpportunity_ListsMarketplaceSolutionsAndProducts_InRelatedEntityIdentifiers()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);
        await client.AssociateAsync("AWS", "O42", "AwsMarketplaceSolutions", SolutionArn + "abc");
        await client.AssociateAsync("AWS", "O42", "AwsMarketplaceProducts", ProductArn + "def");

        var response = await client.GetAsync("AWS", "O42");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var ids = response.Body.GetProperty("RelatedEntityIdentifiers");
        Assert.Equal(SolutionArn + "abc", Assert.Single(ids.GetProperty("AwsMarketplaceSolutions").EnumerateArray()).GetString());
        Assert.Equal(ProductArn + "def", Assert.Single(ids.GetProperty("AwsMarketplaceProducts").EnumerateArray()).GetString());
    }

    [Theory]
    [InlineData("AwsMarketplaceOffers", Offer, "AwsMarketplaceOfferSets", OfferSet)]
    [InlineData("AwsMarketplaceOfferSets", OfferSet, "AwsMarketplaceOffers", Offer)]
    public async Task AssociateOpportunity_RefusesTheSecondOfAnOfferAndAnOfferSet(string firstType, string first, string secondType, string second)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await client.AssociateAsync("AWS", "O43", firstType, first)).Status);

        var response = await client.AssociateAsync("AWS", "O43", secondType, second);

        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal([("RelatedEntityType", "INVALID_VALUE")], response.ErrorList);
        Assert.Empty(server.State.Find("AWS", "O43")!.RelatedEntityIdentifiers.For(secondType));
    }
}
