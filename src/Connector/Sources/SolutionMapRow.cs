using CsvHelper;

namespace Connector.Sources;

/// <summary>A row of a legacy-solution map (<c>migrate-solutions</c>), as written.</summary>
[CsvRecord]
internal sealed partial class SolutionMapRow
{
    [CsvColumn(CsvColumnName.SolutionId)]
    public string? SolutionId { get; set; }

    [CsvColumn(CsvColumnName.MarketplaceSolutionArn)]
    public string? MarketplaceSolutionArn { get; set; }

    [CsvColumn(CsvColumnName.Catalog, Optional = true)]
    public string? Catalog { get; set; }
}
