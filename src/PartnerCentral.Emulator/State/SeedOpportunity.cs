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

    /// <summary><c>LifeCycle.Stage</c> (default <c>Prospect</c>); <c>Closed Lost</c> refuses every write.</summary>
    public string? Stage { get; set; }

    /// <summary><c>LifeCycle.ReviewStatus</c> (default <c>Approved</c>): <c>Submitted</c> and <c>In review</c> refuse
    /// every write until the opportunity is seeded again with another status; <c>Rejected</c> is read-only.</summary>
    public string? ReviewStatus { get; set; }
}
