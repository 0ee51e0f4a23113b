using Connector.Changes;
using Connector.PartnerCentral;

namespace Connector.Sync;

/// <summary>Checks a staged row with the API's own field rules (<see cref="RequestValidator"/>) and names the
/// failing staging-table column, so the CRM can read back exactly what to fix.</summary>
public static class PlanCandidateValidator
{
    public static IReadOnlyList<FieldError> Validate(PlanCandidate change)
    {
        IReadOnlyList<FieldError> errors = change.ChangeType switch
        {
            ChangeType.Associate => RequestValidator.Validate(new AssociateOpportunityRequest(
                change.Catalog ?? string.Empty, change.OpportunityId ?? string.Empty, change.EntityType ?? string.Empty, change.EntityId ?? string.Empty)),
            ChangeType.Disassociate => RequestValidator.Validate(new DisassociateOpportunityRequest(
                change.Catalog ?? string.Empty, change.OpportunityId ?? string.Empty, change.EntityType ?? string.Empty, change.EntityId ?? string.Empty)),
            ChangeType.Assign => RequestValidator.Validate(new AssignOpportunityRequest(
                change.Catalog ?? string.Empty,
                change.OpportunityId ?? string.Empty,
                new AssigneeContact(change.AssigneeEmail!, change.AssigneeFirstName!, change.AssigneeLastName!, change.AssigneeBusinessTitle!, change.AssigneePhone))),
            null or "" => [new FieldError("change_type", ValidationCodes.RequiredFieldMissing, "change_type is required: associate, disassociate or assign.")],
            _ => [new FieldError("change_type", ValidationCodes.InvalidEnumValue, "change_type must be associate, disassociate or assign.")],
        };

        return errors.Select(e => e with { FieldName = ColumnFor(e.FieldName) }).ToList();
    }

    /// <summary>The staging-table column behind an API field name.</summary>
    public static string ColumnFor(string apiField) => apiField switch
    {
        "Catalog" => "catalog",
        "OpportunityIdentifier" or "Identifier" => "opportunity_id",
        "RelatedEntityType" => "entity_type",
        "RelatedEntityIdentifier" => "entity_id",
        "Assignee" or "Assignee.Email" => "assignee_email",
        "Assignee.FirstName" => "assignee_first_name",
        "Assignee.LastName" => "assignee_last_name",
        "Assignee.BusinessTitle" => "assignee_business_title",
        "Assignee.Phone" => "assignee_phone",
        _ => apiField,
    };
}
