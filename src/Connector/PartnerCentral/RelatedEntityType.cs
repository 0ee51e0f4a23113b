namespace Connector.PartnerCentral;

/// <summary>The API's RelatedEntityType values, and the plain words sales ops write in CSV files.</summary>
public static class RelatedEntityType
{
    public const string Solutions = "Solutions";
    public const string AwsProducts = "AwsProducts";
    public const string AwsMarketplaceOffers = "AwsMarketplaceOffers";
    public const string AwsMarketplaceOfferSets = "AwsMarketplaceOfferSets";

    public static readonly IReadOnlyList<string> All = [Solutions, AwsProducts, AwsMarketplaceOffers, AwsMarketplaceOfferSets];

    /// <summary>Associations allowed per opportunity (the API's quotas); a type absent here has no documented cap.</summary>
    public static int? CapPerOpportunity(string entityType) => entityType switch
    {
        AwsProducts => 20,
        Solutions => 10,
        AwsMarketplaceOffers => 1,
        _ => null,
    };

    /// <summary>Accepts the API spelling and plain words, case-insensitively, ignoring spaces, '_' and '-'
    /// ("aws product", "Marketplace Offer", "SOLUTIONS"). Returns null when it is none of them.</summary>
    public static string? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var key = new string(value.Where(c => c is not (' ' or '_' or '-')).ToArray()).ToLowerInvariant();
        return key switch
        {
            "solutions" or "solution" => Solutions,
            "awsproducts" or "awsproduct" => AwsProducts,
            "awsmarketplaceoffers" or "awsmarketplaceoffer" or "marketplaceoffers" or "marketplaceoffer" => AwsMarketplaceOffers,
            "awsmarketplaceoffersets" or "awsmarketplaceofferset" or "marketplaceoffersets" or "marketplaceofferset" => AwsMarketplaceOfferSets,
            _ => null,
        };
    }
}
