namespace Connector.PartnerCentral;

public sealed record RelatedEntityIdentifiers
{
    public IReadOnlyList<string> Solutions { get; init; } = [];

    public IReadOnlyList<string> AwsProducts { get; init; } = [];

    public IReadOnlyList<string> AwsMarketplaceOffers { get; init; } = [];

    public IReadOnlyList<string> AwsMarketplaceOfferSets { get; init; } = [];

    public IReadOnlyList<string> AwsMarketplaceSolutions { get; init; } = [];

    public IReadOnlyList<string> AwsMarketplaceProducts { get; init; } = [];

    public IReadOnlyList<string> For(string entityType) => entityType switch
    {
        RelatedEntityType.Solutions => Solutions,
        RelatedEntityType.AwsProducts => AwsProducts,
        RelatedEntityType.AwsMarketplaceOffers => AwsMarketplaceOffers,
        RelatedEntityType.AwsMarketplaceOfferSets => AwsMarketplaceOfferSets,
        RelatedEntityType.AwsMarketplaceSolutions => AwsMarketplaceSolutions,
        RelatedEntityType.AwsMarketplaceProducts => AwsMarketplaceProducts,
        _ => [],
    };
}
