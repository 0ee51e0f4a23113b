namespace Connector.Sources;

/// <summary>One data record of a file: the change to stage (or, in a solution map, the mapping), or the rules it broke
/// and its original values.</summary>
internal sealed record ParsedRow(int Line, CsvChangeRow? Change, IReadOnlyList<RowError> Errors, IReadOnlyList<string> Values, SolutionMapping? Mapping = null);
