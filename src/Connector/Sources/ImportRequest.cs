using Npgsql;

namespace Connector.Sources;

/// <summary>How a file arrived and what to do with it.</summary>
/// <param name="DryRun">Validate and stage inside a transaction that is rolled back: nothing stays staged.</param>
/// <param name="ReceivedVia">One of <see cref="ImportChannel"/>.</param>
/// <param name="ReceivedBy">Who sent it (user name), if known.</param>
/// <param name="ReportDirectory">Where the row-error report goes; null means next to the file (path imports)
/// or no report at all (stream imports, whose display name must never become a path).</param>
/// <param name="InspectBeforeRollback">Dry run only: called after the rows are staged and before the rollback,
/// with the open connection, its transaction and the (never committed) import id, so a planner can preview
/// the diff against exactly what would have been staged.</param>
/// <param name="Progress">Told how far the rows are read, every few thousand rows (the CLI's progress line).</param>
/// <param name="RequiredKind">Only this kind of file is taken (<c>migrate-solutions</c> takes only a solution map);
/// another is rejected as a whole, naming the command that takes it.</param>
public sealed record ImportRequest(
    bool DryRun,
    string ReceivedVia,
    string? ReceivedBy,
    string? ReportDirectory,
    Func<NpgsqlConnection, NpgsqlTransaction, long, CancellationToken, Task>? InspectBeforeRollback = null,
    IProgress<ImportProgress>? Progress = null,
    string? RequiredKind = null);
