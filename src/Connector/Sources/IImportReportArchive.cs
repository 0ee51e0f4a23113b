namespace Connector.Sources;

/// <summary>Where the dashboard finds an import's row-error report, by import id. Every channel hands its kept report
/// here (the upload, the drop folder after moving it, the CLI), so Recent imports links each one. The host's archive
/// copies into the dashboard's private spool; a process with none registered keeps no copy.</summary>
public interface IImportReportArchive
{
    /// <summary>Keeps a copy of <paramref name="reportPath"/> as import <paramref name="importId"/>'s report; the file at
    /// <paramref name="reportPath"/> stays where the channel documents it.</summary>
    void Keep(string reportPath, long importId);
}
