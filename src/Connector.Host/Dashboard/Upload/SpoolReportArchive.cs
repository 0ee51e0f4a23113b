using Connector.Host.Hosting;
using Connector.Sources;
using Microsoft.Extensions.Logging;

namespace Connector.Host.Dashboard.Upload;

/// <summary>Keeps drop-folder and CLI reports in the dashboard's spool, where Recent imports links them (uploads keep
/// theirs there already). A copy that cannot be made (the spool is another user's, say, for a CLI run by someone else)
/// costs the link only, never the import: it is logged and skipped.</summary>
public sealed partial class SpoolReportArchive(UploadSpool spool, ILogger<SpoolReportArchive> logger) : IImportReportArchive
{
    public void Keep(string reportPath, long importId)
    {
        try
        {
            spool.CopyImportReport(reportPath, importId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigurationException)
        {
            LogNotKept(logger, importId, spool.Folder, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The row-error report of import #{ImportId} was not copied to {Folder} for the dashboard: {Reason}")]
    private static partial void LogNotKept(ILogger logger, long importId, string folder, string reason);
}
