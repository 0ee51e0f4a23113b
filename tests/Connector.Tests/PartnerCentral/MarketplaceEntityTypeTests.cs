using Connector.PartnerCentral;

namespace Connector.Tests.PartnerCentral;

/// <summary>The Marketplace solution and product types: CSV words, ARN shapes, caps, and the offer/offer-set pair.</summary>
public sealed class MarketplaceEntityTypeTests
{
    private const string Solution = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-ab1c2de3fgh4i";
    private const string AmiProduct = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/AmiProduct/prod-ab1c2de3fgh4i";

    [Theory]
    [InlineData("marketplace solution", RelatedEntityType.AwsMarketplaceSolutions)]
    [InlineData("Marketplace Solutions", RelatedEntityType.AwsMarketplaceSolutions)]
    [InlineData("AwsMarketplaceSolutions", RelatedEntityType.AwsMarketplaceSolutions)]
    [InlineData("marketplace product", RelatedEntityType.AwsMarketplaceProducts)]
    [InlineData("aws_marketplace_products", RelatedEntityType.AwsMarketplaceProducts)]
    [InlineData("AwsMarketplaceProducts", RelatedEntityType.AwsMarketplaceProducts)]
    public void Parse_AcceptsThePlainWordsAndTheApiSpelling(string word, string expected) =>
        Assert.Equal(expected, RelatedEntityType.Parse(word));

    [Theory]
    [InlineData(RelatedEntityType.AwsMarketplaceSolutions, Solution)]
    [InlineData(RelatedEntityType.AwsMarketplaceProducts, AmiProduct)]
    [InlineData(RelatedEntityType.AwsMarketplaceProducts, "arn:aws:aws-marketplace:eu-west-1:123456789012:AWSMarketplace/SaaSProduct/prod-x1")]
    [InlineData(RelatedEntityType.AwsMarketplaceProducts, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ContainerProduct/prod-x1")]
    public void Validate_AcceptsMarketplaceArns_OfTheDocumentedShape(string entityType, string arn)
    {
        Assert.Empty(RequestValidator.Validate(new AssociateOpportunityRequest("AWS", "O1234567", entityType, arn)));
        Assert.Empty(RequestValidator.Validate(new DisassociateOpportunityRequest("AWS", "O1234567", entityType, arn)));
    }

    [Theory]
    [InlineData(RelatedEntityType.AwsMarketplaceSolutions, "S-1234567")]
    [InlineData(RelatedEntityType.AwsMarketplaceSolutions, AmiProduct)]
    [InlineData(RelatedEntityType.AwsMarketplaceSolutions, "arn:aws:aws-marketplace:us-east-1:12345678901:AWSMarketplace/Solution/soln-ab1")]
    [InlineData(RelatedEntityType.AwsMarketplaceSolutions, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/prod-ab1")]
    [InlineData(RelatedEntityType.AwsMarketplaceSolutions, Solution + "\n")]
    [InlineData(RelatedEntityType.AwsMarketplaceProducts, Solution)]
    [InlineData(RelatedEntityType.AwsMarketplaceProducts, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/prod-ab1")]
    [InlineData(RelatedEntityType.AwsMarketplaceProducts, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/AmiProduct/soln-ab1")]
    [InlineData(RelatedEntityType.AwsMarketplaceProducts, "AWSLambda")]
    public void Validate_RejectsMarketplaceIdentifiers_OfTheWrongShape(string entityType, string id)
    {
        var error = Assert.Single(RequestValidator.Validate(new AssociateOpportunityRequest("AWS", "O1234567", entityType, id)));
        Assert.Equal(("RelatedEntityIdentifier", ValidationCodes.InvalidStringFormat), (error.FieldName, error.Code));
    }

    [Fact]
    public void CapPerOpportunity_IsTenForMarketplaceSolutionsAndProducts()
    {
        Assert.Equal(10, RelatedEntityType.CapPerOpportunity(RelatedEntityType.AwsMarketplaceSolutions));
        Assert.Equal(10, RelatedEntityType.CapPerOpportunity(RelatedEntityType.AwsMarketplaceProducts));
    }

    [Fact]
    public void ExcludedBy_PairsOffersWithOfferSets_AndNothingElse()
    {
        Assert.Equal(RelatedEntityType.AwsMarketplaceOfferSets, RelatedEntityType.ExcludedBy(RelatedEntityType.AwsMarketplaceOffers));
        Assert.Equal(RelatedEntityType.AwsMarketplaceOffers, RelatedEntityType.ExcludedBy(RelatedEntityType.AwsMarketplaceOfferSets));
        Assert.Null(RelatedEntityType.ExcludedBy(RelatedEntityType.AwsMarketplaceSolutions));
    }
}
