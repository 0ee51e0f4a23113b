namespace Connector.Sources;

/// <summary>One good row, as it goes into <c>connector.crm_changes</c>: trimmed, entity type in the API spelling,
/// assignee normalised as it will be sent.</summary>
internal sealed record CsvChangeRow(
    string ChangeType,
    string Catalog,
    string OpportunityId,
    int SourceLine,
    string? EntityType = null,
    string? EntityId = null,
    string? AssigneeEmail = null,
    string? AssigneeFirstName = null,
    string? AssigneeLastName = null,
    string? AssigneeBusinessTitle = null,
    string? AssigneePhone = null);
