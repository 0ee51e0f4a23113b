namespace Connector.PartnerCentral;

/// <summary>The API's RelatedEntityType values, and the plain words sales ops write in CSV files.</summary>
public static class RelatedEntityType
{
    public const string Solutions = "Solutions";
    public const string AwsProducts = "AwsProducts";
    public const string AwsMarketplaceOffers = "AwsMarketplaceOffers";
    public const string AwsMarketplaceOfferSets = "AwsMarketplaceOfferSets";
    public const string AwsMarketplaceSolutions = "AwsMarketplaceSolutions";
    public const string AwsMarketplaceProducts = "AwsMarketplaceProducts";

    public static readonly IReadOnlyList<string> All =
        [Solutions, AwsProducts, AwsMarketplaceOffers, AwsMarketplaceOfferSets, AwsMarketplaceSolutions, AwsMarketplaceProducts];

    /// <summary>Associations allowed per opportunity (the API's quotas); a type absent here has no documented cap.</summary>
    public static int? CapPerOpportunity(string entityType) => entityType switch
    {
        AwsProducts => 20,
        Solutions => 10,
        AwsMarketplaceOffers => 1,
        AwsMarketplaceSolutions => 10,
        AwsMarketplaceProducts => 10,
        _ => null,
    };

    /// <summary>The type an opportunity may not hold together with <paramref name="entityType"/>: one Marketplace
    /// offer or one offer set, not both. Null for the other types.</summary>
    public static string? ExcludedBy(string entityType) => entityType switch
    {
        AwsMarketplaceOffers => AwsMarketplaceOfferSets,
        AwsMarketplaceOfferSets => AwsMarketplaceOffers,
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

        // Called for every row of an associations file: normalised on the stack, not with LINQ and new strings.
        // The longest accepted word has 23 letters; anything much longer is none of them.
        Span<char> key = stackalloc char[32];
        var length = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '_' or '-')
            {
                continue;
            }

            if (length == key.Length)
            {
                return null;
            }

            key[length++] = char.ToLowerInvariant(c);
        }

        return key[..length] switch
        {
            "solutions" or "solution" => Solutions,
            "awsproducts" or "awsproduct" => AwsProducts,
            "awsmarketplaceoffers" or "awsmarketplaceoffer" or "marketplaceoffers" or "marketplaceoffer" => AwsMarketplaceOffers,
            "awsmarketplaceoffersets" or "awsmarketplaceofferset" or "marketplaceoffersets" or "marketplaceofferset" => AwsMarketplaceOfferSets,
            "awsmarketplacesolutions" or "awsmarketplacesolution" or "marketplacesolutions" or "marketplacesolution" => AwsMarketplaceSolutions,
            "awsmarketplaceproducts" or "awsmarketplaceproduct" or "marketplaceproducts" or "marketplaceproduct" => AwsMarketplaceProducts,
            _ => null,
        };
    }
}
