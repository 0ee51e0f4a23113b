using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sources;

/// <summary>Validates a sales-ops CSV file and stages its good rows into <c>connector.crm_changes</c>, in one
/// transaction with the file's <c>connector.imports</c> row, so a crash or a cancel never leaves half a file staged.
/// The file is streamed (hashed in one pass, parsed and COPYed in a second), never held in memory.</summary>
public sealed partial class CsvImporter
{
    private const string ReportSuffix = ".errors.csv";
    private const int ChunkSize = 64 * 1024;

    // A sales-ops row is well under a kilobyte: a record this long is a quote that is never closed, or not CSV.
    private const int MaxRecordBytes = 1024 * 1024;

    private readonly SourcesOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger<CsvImporter> _logger;

    public CsvImporter(IOptions<SourcesOptions> options, NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<CsvImporter> logger)
    {
        _options = options.Value;
        _dataSource = dataSource;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Imports the file at <paramref name="path"/>; the report, if any, is written next to it as
    /// <c>&lt;file name&gt;.errors.csv</c> (or into <see cref="ImportRequest.ReportDirectory"/>).</summary>
    public Task<ImportResult> ImportFileAsync(string path, ImportRequest request, CancellationToken ct) =>
        ImportFileAsync(path, Path.GetFileName(path), request, ct);

    /// <summary>Imports an upload. It is spooled to a private temporary file (deleted on close) while being hashed,
    /// and refused past <see cref="SourcesOptions.MaxUploadBytes"/>. <paramref name="displayName"/> is only shown
    /// and recorded, never used in a path: the report, when <see cref="ImportRequest.ReportDirectory"/> is given,
    /// is named <c>upload-&lt;random&gt;.errors.csv</c>.</summary>
    public async Task<ImportResult> ImportStreamAsync(Stream content, string displayName, ImportRequest request, CancellationToken ct)
    {
        var spoolPath = Path.Combine(Path.GetTempPath(), $"connector-upload-{Guid.NewGuid():N}.csv");
        await using var spool = new FileStream(spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, ChunkSize,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var facts = await ContentScan.ScanAsync(content, spool, _options.MaxUploadBytes, ct).ConfigureAwait(false);
        spool.Position = 0;
        var reportPath = request.ReportDirectory is null
            ? null
            : Path.Combine(request.ReportDirectory, $"upload-{Guid.NewGuid():N}{ReportSuffix}");
        return await ImportAsync(spool, displayName, facts, request, reportPath, ct).ConfigureAwait(false);
    }

    /// <summary>The drop folder's form: the file sits under a claimed name, but is recorded under its original one.</summary>
    internal async Task<ImportResult> ImportFileAsync(string path, string displayName, ImportRequest request, CancellationToken ct)
    {
        var fullPath = Path.GetFullPath(path);
        var reportDirectory = request.ReportDirectory ?? Path.GetDirectoryName(fullPath)!;
        var reportPath = Path.Combine(reportDirectory, Path.GetFileName(fullPath) + ReportSuffix);
        await using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        var facts = await ContentScan.ScanAsync(file, null, null, ct).ConfigureAwait(false);
        file.Position = 0;
        return await ImportAsync(file, displayName, facts, request, reportPath, ct).ConfigureAwait(false);
    }

    private async Task<ImportResult> ImportAsync(Stream content, string displayName, ContentFacts facts, ImportRequest request, string? reportPath, CancellationToken ct)
    {
        var receivedAt = _time.GetUtcNow();
        LogImporting(_logger, displayName, facts.Length, request.ReceivedVia, request.DryRun);
        if (CheckBytes(facts) is { } unreadable)
        {
            return await RejectWholeAsync(displayName, facts.Sha256, null, unreadable, request, receivedAt, reportPath, [], ct).ConfigureAwait(false);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        if (await ImportStore.FindProcessedAsync(connection, facts.Sha256, ct).ConfigureAwait(false) is { } earlier)
        {
            return await AlreadyImportedAsync(displayName, facts.Sha256, earlier, request, receivedAt, reportPath, ct).ConfigureAwait(false);
        }

        MalformedRecord? malformed = null;
        var readerOptions = new CsvReaderOptions
        {
            // Never guess: a ';' file is reported as such instead of being read with the wrong separator.
            Separator = ',',
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            NormalizeHeaderName = CsvColumnName.Normalise,
            OnMalformedRecord = record => malformed = new MalformedRecord(record.LineNumber, record.Reason),
        };
        await using var reader = CsvReader.Create(content, readerOptions, leaveOpen: true);
        CsvHeader header;
        try
        {
            await reader.ReadHeaderAsync(ct).ConfigureAwait(false);
            header = CsvHeader.Analyse(reader.Headers);
        }
        catch (CsvFormatException e)
        {
            return await RejectWholeAsync(displayName, facts.Sha256, null, TooLarge(e), request, receivedAt, reportPath, [], ct).ConfigureAwait(false);
        }

        if (header.Rejection is { } badHeader)
        {
            return await RejectWholeAsync(displayName, facts.Sha256, null, badHeader, request, receivedAt, reportPath, reader.Headers, ct).ConfigureAwait(false);
        }

        try
        {
            return await StageAsync(connection, reader, header, () => malformed, displayName, facts.Sha256, request, receivedAt, reportPath, ct).ConfigureAwait(false);
        }
        catch (CsvUnreadableException e)
        {
            return await RejectWholeAsync(displayName, facts.Sha256, header.Kind, e.Rejection, request, receivedAt, reportPath, reader.Headers, ct).ConfigureAwait(false);
        }
    }

    private async Task<ImportResult> StageAsync(
        NpgsqlConnection connection,
        CsvReader reader,
        CsvHeader header,
        Func<MalformedRecord?> lastMalformed,
        string displayName,
        string sha256,
        ImportRequest request,
        DateTimeOffset receivedAt,
        string? reportPath,
        CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        long importId;
        try
        {
            importId = await ImportStore.InsertAsync(connection, transaction, displayName, sha256, header.Kind, request, receivedAt, ImportStore.Processed, null, ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another server staged the same bytes while this one was reading them.
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            var earlier = await ImportStore.FindProcessedAsync(connection, sha256, ct).ConfigureAwait(false);
            if (earlier is null)
            {
                throw;
            }

            return await AlreadyImportedAsync(displayName, sha256, earlier, request, receivedAt, reportPath, ct).ConfigureAwait(false);
        }

        await using var tally = new ImportTally(reportPath, reader.Headers);
        await using (var copy = await CrmChangeStore.BeginCopyAsync(connection, ct).ConfigureAwait(false))
        {
            // One changed_at for the whole file; ids follow file order, so (changed_at, id) makes later rows win.
            var changedAt = receivedAt.UtcDateTime;
            var rowErrors = new List<RowError>();
            while (await ReadAsync(reader, ct).ConfigureAwait(false))
            {
                ct.ThrowIfCancellationRequested();
                if (IsBlank(reader))
                {
                    continue;
                }

                rowErrors.Clear();
                var line = checked((int)reader.LineNumber);
                var change = CheckRow(reader, header, lastMalformed(), line, rowErrors);
                if (change is not null)
                {
                    await CrmChangeStore.WriteAsync(copy, change, importId, changedAt, ct).ConfigureAwait(false);
                    tally.Accept();
                }
                else
                {
                    tally.Reject(rowErrors, Values(reader));
                }
            }

            await copy.CompleteAsync(ct).ConfigureAwait(false);
        }

        await tally.DisposeAsync().ConfigureAwait(false);
        if (tally.Accepted + tally.Rejected == 0)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return await RejectWholeAsync(displayName, sha256, header.Kind,
                new FileRejection(FileRejection.HeaderOnly, "The file has a header row but no data rows.", 1),
                request, receivedAt, reportPath, reader.Headers, ct).ConfigureAwait(false);
        }

        var outcome = tally.Rejected == 0 ? ImportOutcome.Accepted
            : tally.Accepted == 0 ? ImportOutcome.RejectedWhole
            : ImportOutcome.PartlyRejected;
        var message = Describe(displayName, request.DryRun ? null : importId, outcome, tally);
        await ImportStore.CompleteAsync(connection, transaction, importId,
            tally.Accepted == 0 ? ImportStore.Rejected : ImportStore.Processed, tally.Accepted, tally.Rejected, message, ct).ConfigureAwait(false);

        if (request.DryRun)
        {
            if (request.InspectBeforeRollback is { } inspect)
            {
                await inspect(connection, transaction, importId, ct).ConfigureAwait(false);
            }

            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            LogDryRun(_logger, displayName, tally.Accepted, tally.Rejected);
        }
        else
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            LogImported(_logger, importId, displayName, tally.Accepted, tally.Rejected, outcome);
        }

        return new ImportResult(outcome, header.Kind, request.DryRun ? null : importId, tally.Accepted, tally.Rejected,
            tally.Shown, tally.ReportPath, message, header.IgnoredColumns);
    }

    private StagedChange? CheckRow(CsvReader reader, CsvHeader header, MalformedRecord? malformed, int line, List<RowError> errors)
    {
        if (malformed is { } bad && bad.Line == line)
        {
            errors.Add(new RowError(line, RowRule.WholeRow, RowRule.BadQuoting, bad.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "A quoted cell is never closed: everything from here to the end of the file was read as one row.",
                CsvMalformedReason.TextAfterClosingQuote => "Text follows the closing quote of a cell; quote the whole cell and double any quote inside it (\"\").",
                _ => "A quote character inside an unquoted cell; quote the cell and double the quote inside it (\"\").",
            }));
            return null;
        }

        if (reader.FieldCount < header.ColumnCount)
        {
            errors.Add(new RowError(line, RowRule.WholeRow, RowRule.MissingCells,
                $"The row has {reader.FieldCount} cells; the header has {header.ColumnCount}."));
            return null;
        }

        for (var i = header.ColumnCount; i < reader.FieldCount; i++)
        {
            // Trailing empty cells (a spreadsheet's stray commas) are harmless; values without a column are not.
            if (!IsBlank(reader.GetSpan(i)))
            {
                errors.Add(new RowError(line, RowRule.WholeRow, RowRule.TooManyCells,
                    $"The row has {reader.FieldCount} cells; the header has {header.ColumnCount}. A value with no column is probably a comma that should be quoted."));
                return null;
            }
        }

        return header.Kind == CsvKind.Associations
            ? AssociationRowValidator.Check(reader.GetRecord<AssociationRow>(), header, _options.DefaultCatalog, line, errors)
            : AssignmentRowValidator.Check(reader.GetRecord<AssignmentRow>(), header, _options.DefaultCatalog, line, errors);
    }

    private async Task<ImportResult> AlreadyImportedAsync(
        string displayName, string sha256, ExistingImportRow earlier, ImportRequest request, DateTimeOffset receivedAt, string? reportPath, CancellationToken ct)
    {
        var when = DateTime.SpecifyKind(earlier.ReceivedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var rejection = new FileRejection(FileRejection.AlreadyImported,
            $"The same content was already imported on {when} as import #{earlier.Id}; nothing was staged again.");
        await RecordAsync(displayName, sha256, null, rejection, request, receivedAt, ct).ConfigureAwait(false);
        await WriteFileReportAsync(reportPath, rejection, []).ConfigureAwait(false);
        LogAlreadyImported(_logger, displayName, earlier.Id);
        return new ImportResult(ImportOutcome.AlreadyImported, null, earlier.Id, 0, 0, [], reportPath,
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
        IReadOnlyList<string> originalHeader,
        CancellationToken ct)
    {
        var importId = await RecordAsync(displayName, sha256, kind, rejection, request, receivedAt, ct).ConfigureAwait(false);
        await WriteFileReportAsync(reportPath, rejection, originalHeader).ConfigureAwait(false);
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

    private static async Task WriteFileReportAsync(string? reportPath, FileRejection rejection, IReadOnlyList<string> originalHeader)
    {
        if (reportPath is null)
        {
            return;
        }

        await using var report = ErrorReportWriter.Create(reportPath, originalHeader);
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

    private static async ValueTask<bool> ReadAsync(CsvReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (CsvFormatException e)
        {
            throw new CsvUnreadableException(TooLarge(e), e);
        }
    }

    private static FileRejection TooLarge(CsvFormatException e)
    {
        var line = (int)Math.Min(int.MaxValue, e.LineNumber);
        return new FileRejection(FileRejection.RecordTooLarge,
            $"The record starting on line {line} is longer than {MaxRecordBytes / 1024} KB: probably a quote that is never closed.", line);
    }

    private static bool IsBlank(CsvReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (!IsBlank(reader.GetSpan(i)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.IndexOfAnyExcept(" \t"u8) < 0;

    private static string[] Values(CsvReader reader)
    {
        var values = new string[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.GetString(i);
        }

        return values;
    }

    private static string Describe(string displayName, long? importId, ImportOutcome outcome, ImportTally tally)
    {
        var what = importId is { } id ? $"Import #{id} of '{displayName}'" : $"Dry run of '{displayName}' (nothing staged)";
        var staged = importId is null ? "would be staged" : "staged";
        return outcome switch
        {
            ImportOutcome.Accepted => $"{what}: all {tally.Accepted} rows {staged}.",
            ImportOutcome.RejectedWhole => $"{what}: not one of its {tally.Rejected} rows passed validation; nothing {staged}. See the report.",
            _ => $"{what}: {tally.Accepted} rows {staged}, {tally.Rejected} rows rejected (see the report).",
        };
    }

    private readonly record struct MalformedRecord(long Line, CsvMalformedReason Reason);
}
