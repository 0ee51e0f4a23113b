using Connector.PartnerCentral;

namespace PartnerCentral.Emulator.State;

/// <summary>An opportunity to create (or overwrite) through the control API: it exists from then on, in any
/// mode, with exactly these associations and team.</summary>
public sealed class SeedOpportunity
{
    public string Catalog { get; set; } = "AWS";

    public string Id { get; set; } = string.Empty;

    public string? PartnerOpportunityIdentifier { get; set; }

    public RelatedEntityIdentifiers? RelatedEntityIdentifiers { get; set; }

    public List<OpportunityContact>? OpportunityTeam { get; set; }
}
