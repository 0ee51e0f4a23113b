using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling;

/// <summary>The model's RelatedEntityType enum, as the SDK's constant classes are (any string converts to it).</summary>
public sealed class RelatedEntityType(string value) : ConstantClass(value)
{
    public static readonly RelatedEntityType Solutions = new("Solutions");
    public static readonly RelatedEntityType AwsProducts = new("AwsProducts");
    public static readonly RelatedEntityType AwsMarketplaceOffers = new("AwsMarketplaceOffers");
    public static readonly RelatedEntityType AwsMarketplaceOfferSets = new("AwsMarketplaceOfferSets");
    public static readonly RelatedEntityType AwsMarketplaceSolutions = new("AwsMarketplaceSolutions");
    public static readonly RelatedEntityType AwsMarketplaceProducts = new("AwsMarketplaceProducts");

    public static implicit operator RelatedEntityType(string value) => new(value);
}
