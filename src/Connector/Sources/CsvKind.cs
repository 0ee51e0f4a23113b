namespace Connector.Sources;

/// <summary>The two kinds of CSV file, as stored in <c>connector.imports.kind</c>.</summary>
public static class CsvKind
{
    public const string Associations = "associations";
    public const string Assignments = "assignments";
}
