namespace Connector.Sync;

/// <summary>A row of <c>connector.crm_changes</c> as the CRM wrote it: any column may be missing or wrong.</summary>
public sealed record StagedChange(
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
    public override string ToString() => $"StagedChange {{ Id = {Id}, ChangeType = {ChangeType}, OpportunityId = {OpportunityId} }}";
}
