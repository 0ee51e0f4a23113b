using Connector.Changes;
using Connector.PartnerCentral;

namespace Connector.Sources;

/// <summary>Row rules of an assignments file on top of the model's field rules.</summary>
internal static class AssignmentRowValidator
{
    public static CsvChangeRow? Check(AssignmentRow row, CsvHeader header, string defaultCatalog, int line, List<RowError> errors)
    {
        var before = errors.Count;
        var opportunityId = RowValidation.Clean(row.OpportunityId);
        var catalog = RowValidation.Catalog(row.Catalog, defaultCatalog);
        var contact = RequestValidator.Normalise(new AssigneeContact(row.Email ?? "", row.FirstName ?? "", row.LastName ?? "", row.BusinessTitle ?? "", row.Phone));

        // The model allows empty names, but an empty cell in a required column of a sales-ops sheet is a mistake,
        // not an intent to blank the assignee's name.
        if (contact.FirstName.Length == 0)
        {
            errors.Add(RowValidation.Missing(header, CsvColumnName.FirstName, line));
        }

        if (contact.LastName.Length == 0)
        {
            errors.Add(RowValidation.Missing(header, CsvColumnName.LastName, line));
        }

        if (contact.BusinessTitle.Length == 0)
        {
            errors.Add(RowValidation.Missing(header, CsvColumnName.BusinessTitle, line));
        }

        foreach (var error in RequestValidator.Validate(new AssignOpportunityRequest(catalog, opportunityId, contact)))
        {
            errors.Add(RowValidation.ToRowError(error, header, line));
        }

        return errors.Count > before
            ? null
            : new CsvChangeRow(ChangeType.Assign, catalog, opportunityId, line,
                AssigneeEmail: contact.Email,
                AssigneeFirstName: contact.FirstName,
                AssigneeLastName: contact.LastName,
                AssigneeBusinessTitle: contact.BusinessTitle,
                AssigneePhone: contact.Phone);
    }
}
