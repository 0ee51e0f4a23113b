using CsvHelper;

namespace Connector.Sources;

/// <summary>A row of an assignments file, as written.</summary>
[CsvRecord]
internal sealed partial class AssignmentRow
{
    [CsvColumn(CsvColumnName.OpportunityId)]
    public string? OpportunityId { get; set; }

    [CsvColumn(CsvColumnName.Email)]
    public string? Email { get; set; }

    [CsvColumn(CsvColumnName.FirstName)]
    public string? FirstName { get; set; }

    [CsvColumn(CsvColumnName.LastName)]
    public string? LastName { get; set; }

    [CsvColumn(CsvColumnName.BusinessTitle)]
    public string? BusinessTitle { get; set; }

    [CsvColumn(CsvColumnName.Phone, Optional = true)]
    public string? Phone { get; set; }

    [CsvColumn(CsvColumnName.Catalog, Optional = true)]
    public string? Catalog { get; set; }
}
