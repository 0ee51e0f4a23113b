using System.Globalization;
using Connector.Solutions;

namespace Connector.Sources;

// How each outcome is recorded, reported and described.
public sealed partial class CsvImporter
{
    private async Task<ImportResult> AlreadyImportedAsync(
        string displayName, string sha256, ExistingImportRow earlier, ImportRequest request, DateTimeOffset receivedAt, string? reportPath, CancellationToken ct)
    {
        var when = DateTime.SpecifyKind(earlier.ReceivedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var rejection = new FileRejection(FileRejection.AlreadyImported,
            $"The same content was already imported on {when} as import #{earlier.Id}; nothing was staged again.");
        await RecordAsync(displayName, sha256, null, rejection, request, receivedAt, ct).ConfigureAwait(false);
        // Nothing was wrong with the rows: only the drop folder, whose rejected/ folder a person reads, says why with a
        // report. Elsewhere the message says it, and the first import's report (same name, next to the file) stays.
        var report = request.ReceivedVia == ImportChannel.DropFolder ? reportPath : null;
        await WriteFileReportAsync(report, rejection).ConfigureAwait(false);
        LogAlreadyImported(_logger, displayName, earlier.Id);
        return new ImportResult(ImportOutcome.AlreadyImported, null, earlier.Id, 0, 0, [], report,
            $"'{displayName}': {rejection.Message}", []);
    }

    private async Task<ImportResult> RejectWholeAsync(
        string displayName,
        string sha256,
        string? kind,
        FileRejection rejection,
        ImportRequest request,
        DateTimeOffset receivedAt,
        string? reportPath,
        CancellationToken ct)
    {
        var importId = await RecordAsync(displayName, sha256, kind, rejection, request, receivedAt, ct).ConfigureAwait(false);
        await WriteFileReportAsync(reportPath, rejection).ConfigureAwait(false);
        LogRejectedWhole(_logger, displayName, rejection.Code);
        return new ImportResult(ImportOutcome.RejectedWhole, kind, importId, 0, 0,
            [new RowError(rejection.Line, RowRule.WholeFile, rejection.Code, rejection.Message)], reportPath,
            $"'{displayName}' was rejected as a whole: {rejection.Message}", []);
    }

    /// <summary>Every file received gets an <c>imports</c> row, good or bad (not on a dry run, which changes nothing).</summary>
    private async Task<long?> RecordAsync(string displayName, string sha256, string? kind, FileRejection rejection, ImportRequest request, DateTimeOffset receivedAt, CancellationToken ct)
    {
        if (request.DryRun)
        {
            return null;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await ImportStore.InsertAsync(connection, null, displayName, sha256, kind, request, receivedAt, ImportStore.Rejected,
            $"{rejection.Code}: {rejection.Message}", ct).ConfigureAwait(false);
    }

    // The report of a whole-file rejection has no columns of the file: the first line of whatever was dropped (a key
    // file renamed .csv, say) must not come back in a report that more people can read.
    private static async Task WriteFileReportAsync(string? reportPath, FileRejection rejection)
    {
        if (reportPath is null)
        {
            return;
        }

        await using var report = ErrorReportWriter.Create(reportPath, []);
        report.Write(new RowError(rejection.Line, RowRule.WholeFile, rejection.Code, rejection.Message), []);
    }

    private static FileRejection? CheckBytes(ContentFacts facts)
    {
        if (facts.TooLarge)
        {
            return new FileRejection(FileRejection.TooLarge, "The file is larger than the upload limit (Sources:MaxUploadBytes); split it or use the drop folder.");
        }

        if (facts.Length == 0 || facts.IsBlank)
        {
            return new FileRejection(FileRejection.Empty, "The file is empty.");
        }

        if (facts.HasUtf16Bom)
        {
            return new FileRejection(FileRejection.NotUtf8, "The file is UTF-16 (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (Comma delimited)'.");
        }

        if (facts.HasNul)
        {
            return new FileRejection(FileRejection.Binary, "The file contains NUL bytes: it is a binary file (a spreadsheet .xlsx, an image, ...), not a CSV text file.");
        }

        return facts.InvalidUtf8Line is { } line
            ? new FileRejection(FileRejection.NotUtf8,
                $"The file is not UTF-8 (first bad byte on line {line}); it is probably Latin-1/Windows-1252. Save it as 'CSV UTF-8 (Comma delimited)'.", line)
            : null;
    }

    private static string Describe(string displayName, long? importId, ImportOutcome outcome, ImportTally tally, IReadOnlyList<string> ignoredColumns, MigrationStaged? migration)
    {
        var what = importId is { } id ? $"Import #{id} of '{displayName}'" : $"Dry run of '{displayName}' (nothing staged)";
        var staged = importId is null ? "would be staged" : "staged";
        // A map's rows are not changes: what they stage is counted apart.
        var rows = migration is null ? "rows" : "map rows";
        var taken = migration is null ? staged : "read";
        var counts = outcome switch
        {
            ImportOutcome.Accepted => $"{what}: all {tally.Accepted} {rows} {taken}.",
            ImportOutcome.RejectedWhole => $"{what}: not one of its {tally.Rejected} {rows} passed validation; nothing {staged}. See the report.",
            _ => $"{what}: {tally.Accepted} {rows} {taken}, {tally.Rejected} {rows} rejected (see the report).",
        };
        if (migration is { } m && tally.Accepted > 0)
        {
            counts += m.Detaches == 0
                ? " The ledger shows no opportunity with a mapped legacy solution: nothing to migrate (run 'connector reconcile' if the ledger may be behind)."
                : $" {m.Detaches} legacy solution(s) on {m.Opportunities} opportunit{(m.Opportunities == 1 ? "y" : "ies")} in the ledger: "
                  + $"{m.Attaches} associate(s) of the Marketplace solution and {m.Detaches} disassociate(s) of the legacy one {staged}, each disassociate sent only once its associate has succeeded.";
        }

        return ignoredColumns.Count == 0 ? counts : $"{counts} Ignored columns: {string.Join(", ", ignoredColumns)}.";
    }
}
