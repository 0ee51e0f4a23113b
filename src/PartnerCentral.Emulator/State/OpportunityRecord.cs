using Connector.PartnerCentral;

namespace PartnerCentral.Emulator.State;

/// <summary>One opportunity's mutable state; only touched under <see cref="EmulatorState"/>'s lock.</summary>
internal sealed class OpportunityRecord(string catalog, string id, DateTimeOffset createdDate)
{
    public string Catalog { get; } = catalog;

    public string Id { get; } = id;

    public DateTimeOffset CreatedDate { get; } = createdDate;

    public DateTimeOffset LastModifiedDate { get; set; } = createdDate;

    public string? PartnerOpportunityIdentifier { get; set; }

    /// <summary>Per entity type, in association order (the order GetOpportunity lists them).</summary>
    public Dictionary<string, List<string>> Associations { get; } = RelatedEntityType.All.ToDictionary(t => t, _ => new List<string>(), StringComparer.Ordinal);

    public List<OpportunityContact> Team { get; } = [];

    public string Stage { get; set; } = "Prospect";

    public string ReviewStatus { get; set; } = "Approved";

    public OpportunitySnapshot Snapshot() => new(
        Catalog,
        Id,
        CreatedDate,
        LastModifiedDate,
        PartnerOpportunityIdentifier,
        new RelatedEntityIdentifiers
        {
            Solutions = [.. Associations[RelatedEntityType.Solutions]],
            AwsProducts = [.. Associations[RelatedEntityType.AwsProducts]],
            AwsMarketplaceOffers = [.. Associations[RelatedEntityType.AwsMarketplaceOffers]],
            AwsMarketplaceOfferSets = [.. Associations[RelatedEntityType.AwsMarketplaceOfferSets]],
            AwsMarketplaceSolutions = [.. Associations[RelatedEntityType.AwsMarketplaceSolutions]],
            AwsMarketplaceProducts = [.. Associations[RelatedEntityType.AwsMarketplaceProducts]],
        },
        [.. Team],
        Stage,
        ReviewStatus);
}
