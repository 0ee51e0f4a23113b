using System.Globalization;
using System.Text.Json;

namespace Connector.PartnerCentral;

/// <summary>GetOpportunity's response as it comes off the wire: every member may be absent or null. Mapped to the
/// non-null <see cref="GetOpportunityResponse"/> so callers never meet a null list.</summary>
internal sealed class GetOpportunityWire
{
    public string? Catalog { get; set; }

    public string? Id { get; set; }

    public RelatedEntityIdentifiersWire? RelatedEntityIdentifiers { get; set; }

    public List<ContactWire?>? OpportunityTeam { get; set; }

    public JsonElement? LastModifiedDate { get; set; }

    public JsonElement? CreatedDate { get; set; }

    public GetOpportunityResponse ToResponse(string? requestId) => new()
    {
        Catalog = Catalog,
        Id = Id,
        RelatedEntityIdentifiers = new RelatedEntityIdentifiers
        {
            Solutions = RelatedEntityIdentifiers?.Solutions ?? [],
            AwsProducts = RelatedEntityIdentifiers?.AwsProducts ?? [],
            AwsMarketplaceOffers = RelatedEntityIdentifiers?.AwsMarketplaceOffers ?? [],
            AwsMarketplaceOfferSets = RelatedEntityIdentifiers?.AwsMarketplaceOfferSets ?? [],
        },
        OpportunityTeam = (OpportunityTeam ?? [])
            .OfType<ContactWire>()
            .Select(c => new OpportunityContact(c.Email, c.FirstName, c.LastName, c.BusinessTitle, c.Phone))
            .ToList(),
        LastModifiedDate = DateText(LastModifiedDate),
        CreatedDate = DateText(CreatedDate),
        RequestId = requestId,
    };

    /// <summary>The model says RFC 3339 strings; epoch seconds (awsJson's default timestamp form) are turned into one.</summary>
    private static string? DateText(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => DateTimeOffset.UnixEpoch.AddSeconds(n.GetDouble()).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => null,
    };

    internal sealed class RelatedEntityIdentifiersWire
    {
        public List<string>? Solutions { get; set; }

        public List<string>? AwsProducts { get; set; }

        public List<string>? AwsMarketplaceOffers { get; set; }

        public List<string>? AwsMarketplaceOfferSets { get; set; }
    }

    internal sealed class ContactWire
    {
        public string? Email { get; set; }

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        public string? BusinessTitle { get; set; }

        public string? Phone { get; set; }
    }
}
