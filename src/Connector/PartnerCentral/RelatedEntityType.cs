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
            _ => null,
        };
    }
}
