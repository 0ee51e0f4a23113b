namespace Connector.Sync;

/// <summary>A pending row of <c>connector.crm_changes</c> as the planner reads it before validation, as the CRM wrote
/// it: any column may be missing or wrong.</summary>
public sealed record PlanCandidate(
    long Id,
    string? ChangeType,
    string? Catalog,
    string? OpportunityId,
    string? EntityType,
    string? EntityId,
    string? AssigneeEmail,
    string? AssigneeFirstName,
    string? AssigneeLastName,
    string? AssigneeBusinessTitle,
    string? AssigneePhone)
{
    public override string ToString() => $"PlanCandidate {{ Id = {Id}, ChangeType = {ChangeType}, OpportunityId = {OpportunityId} }}";
}
