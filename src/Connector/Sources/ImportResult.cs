using Connector.Solutions;

namespace Connector.Sources;

/// <summary>What became of one file.</summary>
/// <param name="Kind"><c>associations</c>, <c>assignments</c> or <c>solution_map</c>, once the header told.</param>
/// <param name="ImportId">The <c>connector.imports</c> row (the earlier one for <see cref="ImportOutcome.AlreadyImported"/>);
/// null for a dry run.</param>
/// <param name="Errors">The first 1,000 errors, for display; the report has them all.</param>
/// <param name="ReportPath">The error report, when one was written.</param>
/// <param name="IgnoredColumns">Header columns that are not part of the file's kind, as written in the file.</param>
/// <param name="Migration">For a solution map: the changes it staged (or would, on a dry run).</param>
public sealed record ImportResult(
    ImportOutcome Outcome,
    string? Kind,
    long? ImportId,
    int RowsAccepted,
    int RowsRejected,
    IReadOnlyList<RowError> Errors,
    string? ReportPath,
    string Message,
    IReadOnlyList<string> IgnoredColumns,
    MigrationStaged? Migration = null)
{
    /// <summary>Exit code of the <c>import</c> command: 0 all rows accepted (or the same file was already imported),
    /// 1 some rows rejected (the good ones staged), 2 the file rejected as a whole.</summary>
    public int ExitCode => Outcome switch
    {
        ImportOutcome.Accepted or ImportOutcome.AlreadyImported => 0,
        ImportOutcome.PartlyRejected => 1,
        _ => 2,
    };
}
