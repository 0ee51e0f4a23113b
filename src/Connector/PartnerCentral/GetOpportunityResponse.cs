namespace Connector.PartnerCentral;

/// <summary>The members of GetOpportunity the connector reads; unknown members are ignored.</summary>
public sealed record GetOpportunityResponse
{
    public string? Catalog { get; init; }

    public string? Id { get; init; }

    public RelatedEntityIdentifiers RelatedEntityIdentifiers { get; init; } = new();

    public IReadOnlyList<OpportunityContact> OpportunityTeam { get; init; } = [];

    public string? LastModifiedDate { get; init; }

    public string? CreatedDate { get; init; }

    public string? RequestId { get; init; }
}
