namespace Connector.Sources;

/// <summary>The column names of the two CSV kinds, in their documented spelling, and how the API's field names
/// (in <see cref="PartnerCentral.FieldError"/>) map onto them.</summary>
internal static class CsvColumnName
{
    public const string OpportunityId = "opportunity_id";
    public const string EntityType = "entity_type";
    public const string EntityId = "entity_id";
    public const string Action = "action";
    public const string Catalog = "catalog";
    public const string Email = "email";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string BusinessTitle = "business_title";
    public const string Phone = "phone";
    public const string SolutionId = "solution_id";
    public const string MarketplaceSolutionArn = "marketplace_solution_arn";

    public static readonly IReadOnlyList<string> AssociationRequired = [OpportunityId, EntityType, EntityId];
    public static readonly IReadOnlyList<string> AssociationOptional = [Action, Catalog];
    public static readonly IReadOnlyList<string> AssignmentRequired = [OpportunityId, Email, FirstName, LastName, BusinessTitle];
    public static readonly IReadOnlyList<string> AssignmentOptional = [Phone, Catalog];
    public static readonly IReadOnlyList<string> SolutionMapRequired = [SolutionId, MarketplaceSolutionArn];
    public static readonly IReadOnlyList<string> SolutionMapOptional = [Catalog];

    public static string ForApiField(string apiField) => apiField switch
    {
        "Catalog" => Catalog,
        "OpportunityIdentifier" or "Identifier" => OpportunityId,
        "RelatedEntityType" => EntityType,
        "RelatedEntityIdentifier" => EntityId,
        "Assignee" or "Assignee.Email" => Email,
        "Assignee.FirstName" => FirstName,
        "Assignee.LastName" => LastName,
        "Assignee.BusinessTitle" => BusinessTitle,
        "Assignee.Phone" => Phone,
        _ => apiField,
    };

    /// <summary>Header names match case-insensitively, ignoring whitespace, '_' and '-' (and a stray BOM), so
    /// <c>Opportunity ID</c>, <c>opportunity-id</c> and <c>OPPORTUNITY_ID</c> are one column.</summary>
    public static string Normalise(string name)
    {
        var kept = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsWhiteSpace(c) && c is not ('_' or '-' or '\uFEFF'))
            {
                kept.Append(char.ToLowerInvariant(c));
            }
        }

        return kept.ToString();
    }
}
