using Connector.PartnerCentral;

namespace Connector.Sources;

/// <summary>What both row validators share: cleaning cells and turning the API's field errors into report errors.</summary>
internal static class RowValidation
{
    public static string Clean(string? cell) => (cell ?? string.Empty).Trim();

    /// <summary>Empty means the default; the two documented catalogs are accepted in any case (sales ops type
    /// "aws"), anything else goes to the model's rule as written and is rejected there.</summary>
    public static string Catalog(string? cell, string defaultCatalog)
    {
        var value = Clean(cell);
        if (value.Length == 0)
        {
            // The configured default goes through the same case rule, so "aws" in config does not reject every row.
            value = defaultCatalog.Trim();
        }

        if (value.Equals("AWS", StringComparison.OrdinalIgnoreCase))
        {
            return "AWS";
        }

        return value.Equals("Sandbox", StringComparison.OrdinalIgnoreCase) ? "Sandbox" : value;
    }

    /// <summary>Names the CSV column (as the file spells it) instead of the API field, also in the message.</summary>
    public static RowError ToRowError(FieldError error, CsvHeader header, int line)
    {
        var column = CsvColumnName.ForApiField(error.FieldName);
        var written = header.Written(column);
        return new RowError(line, written, error.Code, error.Message.Replace(error.FieldName, column, StringComparison.Ordinal));
    }

    public static RowError Missing(CsvHeader header, string column, int line) =>
        new(line, header.Written(column), ValidationCodes.RequiredFieldMissing, $"{column} is required.");
}
