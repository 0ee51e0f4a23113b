namespace Connector.Sources;

/// <summary>The kinds of CSV file, as stored in <c>connector.imports.kind</c>.</summary>
public static class CsvKind
{
    public const string Associations = "associations";
    public const string Assignments = "assignments";

    /// <summary>A legacy-solution map (<c>migrate-solutions</c>): each row names a legacy solution and its Marketplace
    /// replacement; the changes staged are found in the ledger.</summary>
    public const string SolutionMap = "solution_map";
}
