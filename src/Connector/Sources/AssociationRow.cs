using CsvHelper;

namespace Connector.Sources;

/// <summary>A row of an associations file, as written (CsvHelper's source generator maps it; header names are
/// matched after <see cref="CsvColumnName.Normalise"/>).</summary>
[CsvRecord]
internal sealed partial class AssociationRow
{
    [CsvColumn(CsvColumnName.OpportunityId)]
    public string? OpportunityId { get; set; }

    [CsvColumn(CsvColumnName.EntityType)]
    public string? EntityType { get; set; }

    [CsvColumn(CsvColumnName.EntityId)]
    public string? EntityId { get; set; }

    [CsvColumn(CsvColumnName.Action, Optional = true)]
    public string? Action { get; set; }

    [CsvColumn(CsvColumnName.Catalog, Optional = true)]
    public string? Catalog { get; set; }
}
