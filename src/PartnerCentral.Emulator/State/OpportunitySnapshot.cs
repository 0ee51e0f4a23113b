using Connector.PartnerCentral;

namespace PartnerCentral.Emulator.State;

/// <summary>An opportunity as GetOpportunity and the control API show it, copied out of the lock.</summary>
public sealed record OpportunitySnapshot(
    string Catalog,
    string Id,
    DateTimeOffset CreatedDate,
    DateTimeOffset LastModifiedDate,
    string? PartnerOpportunityIdentifier,
    RelatedEntityIdentifiers RelatedEntityIdentifiers,
    IReadOnlyList<OpportunityContact> OpportunityTeam,
    string Stage = "Prospect",
    string ReviewStatus = "Approved");
