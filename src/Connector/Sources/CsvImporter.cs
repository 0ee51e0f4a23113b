using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Connector.Solutions;
using Npgsql;

namespace Connector.Sources;

/// <summary>Validates a sales-ops CSV file and stages its good rows into <c>connector.crm_changes</c>, in one
/// transaction with the file's <c>connector.imports</c> row, so a crash or a cancel never leaves half a file staged.
/// The file is streamed (hashed in one pass, parsed and COPYed in a second), never held in memory.</summary>
public sealed partial class CsvImporter
{
    private const string ReportSuffix = ".errors.csv";
    private const int ChunkSize = 64 * 1024;
    private const int ProgressEveryRows = 5_000;

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
        var spoolOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = ChunkSize,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The system temp folder is shared: the copy of an upload is readable by this user only.
            spoolOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var spool = new FileStream(spoolPath, spoolOptions);
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
            return await RejectWholeAsync(displayName, facts.Sha256, null, unreadable, request, receivedAt, reportPath, ct).ConfigureAwait(false);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        if (await ImportStore.FindProcessedAsync(connection, facts.Sha256, ct).ConfigureAwait(false) is { } earlier)
        {
            return await AlreadyImportedAsync(displayName, facts.Sha256, earlier, request, receivedAt, reportPath, ct).ConfigureAwait(false);
        }

        CsvFileParser parser;
        try
        {
            parser = await CsvFileParser.OpenAsync(content, _options.DefaultCatalog, ct).ConfigureAwait(false);
        }
        catch (CsvUnreadableException e)
        {
            return await RejectWholeAsync(displayName, facts.Sha256, null, e.Rejection, request, receivedAt, reportPath, ct).ConfigureAwait(false);
        }

        await using (parser.ConfigureAwait(false))
        {
            if (parser.Header.Rejection is { } badHeader)
            {
                return await RejectWholeAsync(displayName, facts.Sha256, null, badHeader, request, receivedAt, reportPath, ct).ConfigureAwait(false);
            }

            if (request.RequiredKind is { } required && parser.Header.Kind != required)
            {
                var wrongKind = required == CsvKind.SolutionMap
                    ? new FileRejection(FileRejection.WrongKind,
                        $"This is an {parser.Header.Kind} file; migrate-solutions takes a map with the columns solution_id, marketplace_solution_arn (and optionally catalog). Stage change files with 'connector import'.", 1)
                    : new FileRejection(FileRejection.WrongKind, $"This is a {parser.Header.Kind} file; a {required} file is expected here.", 1);
                return await RejectWholeAsync(displayName, facts.Sha256, parser.Header.Kind, wrongKind, request, receivedAt, reportPath, ct).ConfigureAwait(false);
            }

            try
            {
                return await StageAsync(connection, parser, content, displayName, facts, request, receivedAt, reportPath, ct).ConfigureAwait(false);
            }
            catch (CsvUnreadableException e)
            {
                // Thrown part-way through the rows: the staging transaction is already rolled back.
                return await RejectWholeAsync(displayName, facts.Sha256, parser.Header.Kind, e.Rejection, request, receivedAt, reportPath, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<ImportResult> StageAsync(
        NpgsqlConnection connection,
        CsvFileParser parser,
        Stream content,
        string displayName,
        ContentFacts facts,
        ImportRequest request,
        DateTimeOffset receivedAt,
        string? reportPath,
        CancellationToken ct)
    {
        var header = parser.Header;
        var sha256 = facts.Sha256;
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

        await using var tally = new ImportTally(reportPath, parser.OriginalHeader);
        var isMap = header.Kind == CsvKind.SolutionMap;
        // One changed_at for the whole file; ids follow file order, so (changed_at, id) makes later rows win.
        var changedAt = receivedAt.UtcDateTime;
        await using (var copy = isMap
            ? await SolutionMigration.BeginCopyAsync(connection, transaction, ct).ConfigureAwait(false)
            : await CrmChangeStore.BeginCopyAsync(connection, ct).ConfigureAwait(false))
        {
            while (await parser.NextAsync(ct).ConfigureAwait(false) is { } row)
            {
                ct.ThrowIfCancellationRequested();
                if (row.Change is { } change)
                {
                    CrmChangeStore.Write(copy, change, importId, changedAt);
                    tally.Accept();
                }
                else if (row.Mapping is { } mapping)
                {
                    SolutionMigration.Write(copy, mapping.Catalog, mapping.SolutionId, mapping.MarketplaceSolutionArn, mapping.SourceLine);
                    tally.Accept();
                }
                else
                {
                    tally.Reject(row.Errors, row.Values);
                }

                if (request.Progress is { } progress && (tally.Accepted + tally.Rejected) % ProgressEveryRows == 0)
                {
                    progress.Report(new ImportProgress(tally.Accepted + tally.Rejected, content.Position, facts.Length));
                }
            }

            request.Progress?.Report(new ImportProgress(tally.Accepted + tally.Rejected, facts.Length, facts.Length));

            await copy.CompleteAsync(ct).ConfigureAwait(false);
        }

        await tally.DisposeAsync().ConfigureAwait(false);
        if (tally.Accepted + tally.Rejected == 0)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return await RejectWholeAsync(displayName, sha256, header.Kind,
                new FileRejection(FileRejection.HeaderOnly, "The file has a header row but no data rows.", 1),
                request, receivedAt, reportPath, ct).ConfigureAwait(false);
        }

        var outcome = tally.Rejected == 0 ? ImportOutcome.Accepted
            : tally.Accepted == 0 ? ImportOutcome.RejectedWhole
            : ImportOutcome.PartlyRejected;
        var migration = isMap ? await SolutionMigration.StageAsync(connection, transaction, importId, changedAt, ct).ConfigureAwait(false) : null;
        var message = Describe(displayName, request.DryRun ? null : importId, outcome, tally, header.IgnoredColumns, migration);
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
            tally.Shown, tally.ReportPath, message, header.IgnoredColumns, migration);
    }
}
