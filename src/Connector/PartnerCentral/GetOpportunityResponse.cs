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

    /// <summary><c>LifeCycle.Stage</c> (e.g. <c>Prospect</c>, <c>Closed Lost</c>), when the answer has one.</summary>
    public string? Stage { get; init; }

    /// <summary><c>LifeCycle.ReviewStatus</c> (<c>Pending Submission</c>, <c>Submitted</c>, <c>In review</c>,
    /// <c>Approved</c>, <c>Rejected</c>, <c>Action Required</c>), when the answer has one.</summary>
    public string? ReviewStatus { get; init; }
}
