using Connector.Changes;
using Connector.PartnerCentral;

namespace Connector.Sources;

/// <summary>Row rules of an associations file (action, entity type words) on top of the model's field rules.</summary>
internal static class AssociationRowValidator
{
    private const string EntityTypeWords =
        "entity_type must be one of: solution, aws product, marketplace offer, marketplace offer set, " +
        "marketplace solution, marketplace product (or the API spelling Solutions, AwsProducts, AwsMarketplaceOffers, " +
        "AwsMarketplaceOfferSets, AwsMarketplaceSolutions, AwsMarketplaceProducts).";

    public static CsvChangeRow? Check(AssociationRow row, CsvHeader header, string defaultCatalog, int line, List<RowError> errors)
    {
        var before = errors.Count;
        var opportunityId = RowValidation.Clean(row.OpportunityId);
        var entityId = RowValidation.Clean(row.EntityId);
        var catalog = RowValidation.Catalog(row.Catalog, defaultCatalog);

        var action = RowValidation.Clean(row.Action);
        string? changeType = action.Length == 0 || action.Equals(ChangeType.Associate, StringComparison.OrdinalIgnoreCase) ? ChangeType.Associate
            : action.Equals(ChangeType.Disassociate, StringComparison.OrdinalIgnoreCase) ? ChangeType.Disassociate
            : null;
        if (changeType is null)
        {
            errors.Add(new RowError(line, header.Written(CsvColumnName.Action), ValidationCodes.InvalidEnumValue,
                "action must be associate or disassociate (empty means associate)."));
        }

        var rawType = RowValidation.Clean(row.EntityType);
        var entityType = RelatedEntityType.Parse(rawType);
        var typeUnknown = rawType.Length > 0 && entityType is null;
        if (typeUnknown)
        {
            errors.Add(new RowError(line, header.Written(CsvColumnName.EntityType), ValidationCodes.InvalidEnumValue, EntityTypeWords));
        }

        var fieldErrors = changeType == ChangeType.Disassociate
            ? RequestValidator.Validate(new DisassociateOpportunityRequest(catalog, opportunityId, entityType ?? rawType, entityId))
            : RequestValidator.Validate(new AssociateOpportunityRequest(catalog, opportunityId, entityType ?? rawType, entityId));
        foreach (var error in fieldErrors)
        {
            // The unknown entity type is already reported above in CSV words.
            if (!(typeUnknown && error.FieldName == "RelatedEntityType"))
            {
                errors.Add(RowValidation.ToRowError(error, header, line));
            }
        }

        return errors.Count > before
            ? null
            : new CsvChangeRow(changeType!, catalog, opportunityId, line, EntityType: entityType, EntityId: entityId);
    }
}
