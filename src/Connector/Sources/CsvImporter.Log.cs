using Microsoft.Extensions.Logging;

namespace Connector.Sources;

// Only file names, counts, ids and rule codes: never cell values (emails, phones, names).
public sealed partial class CsvImporter
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Importing {FileName} ({Bytes} bytes, via {ReceivedVia}, dry run {DryRun})")]
    private static partial void LogImporting(ILogger logger, string fileName, long bytes, string receivedVia, bool dryRun);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Import {ImportId} of {FileName}: {RowsAccepted} rows staged, {RowsRejected} rejected ({Outcome})")]
    private static partial void LogImported(ILogger logger, long importId, string fileName, int rowsAccepted, int rowsRejected, ImportOutcome outcome);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Dry run of {FileName}: {RowsAccepted} rows would be staged, {RowsRejected} rejected; rolled back")]
    private static partial void LogDryRun(ILogger logger, string fileName, int rowsAccepted, int rowsRejected);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "File {FileName} rejected as a whole: {Code}")]
    private static partial void LogRejectedWhole(ILogger logger, string fileName, string code);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "File {FileName} has the same content as import {ImportId}; nothing staged")]
    private static partial void LogAlreadyImported(ILogger logger, string fileName, long importId);
}
