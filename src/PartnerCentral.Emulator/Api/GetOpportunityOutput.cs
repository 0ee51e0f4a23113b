using Connector.PartnerCentral;
using PartnerCentral.Emulator.Protocol;
using PartnerCentral.Emulator.State;

namespace PartnerCentral.Emulator.Api;

/// <summary>The GetOpportunity wire shape: the model's required members (Catalog, Id, CreatedDate,
/// LastModifiedDate, RelatedEntityIdentifiers) plus the few optional ones a client reads. An unassigned
/// opportunity still has a LifeCycle; the real service always returns one.</summary>
internal sealed record GetOpportunityOutput(
    string Catalog,
    string Id,
    string Arn,
    string? PartnerOpportunityIdentifier,
    string CreatedDate,
    string LastModifiedDate,
    RelatedEntityIdentifiers RelatedEntityIdentifiers,
    IReadOnlyList<OpportunityContact> OpportunityTeam,
    LifeCycleOutput LifeCycle)
{
    public static GetOpportunityOutput From(OpportunitySnapshot snapshot, string accountId) => new(
        snapshot.Catalog,
        snapshot.Id,
        $"arn:aws:partnercentral:us-east-1:{accountId}:catalog/{snapshot.Catalog}/opportunity/{snapshot.Id}",
        snapshot.PartnerOpportunityIdentifier,
        AwsJson.Timestamp(snapshot.CreatedDate),
        AwsJson.Timestamp(snapshot.LastModifiedDate),
        snapshot.RelatedEntityIdentifiers,
        snapshot.OpportunityTeam,
        new LifeCycleOutput(snapshot.Stage, snapshot.ReviewStatus));
}
