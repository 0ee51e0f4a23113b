namespace Connector.Sources;

/// <summary>Row-level rule codes of our own, beside the API's codes (<see cref="PartnerCentral.ValidationCodes"/>).</summary>
internal static class RowRule
{
    public const string MissingCells = "MISSING_CELLS";
    public const string TooManyCells = "TOO_MANY_CELLS";
    public const string BadQuoting = "BAD_QUOTING";

    /// <summary>Field name used when a rule concerns the whole row rather than one column.</summary>
    public const string WholeRow = "(row)";

    /// <summary>Field name used when a rule concerns the whole file.</summary>
    public const string WholeFile = "(file)";
}
