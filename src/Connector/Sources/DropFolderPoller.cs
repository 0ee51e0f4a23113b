using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Sources;

/// <summary>Imports the <c>*.csv</c> files dropped into <see cref="SourcesOptions.CsvDropFolder"/>, oldest first, and
/// moves each to <c>processed/</c> or <c>rejected/</c> with its report beside it.</summary>
/// <remarks>Several servers may poll one folder (a shared mount). A file is claimed by renaming it into
/// <c>processing/</c> under a unique name: rename is atomic, so exactly one server gets it. A claim older than
/// <see cref="SourcesOptions.ClaimTimeout"/> belongs to a server that died and is taken over the same way; the
/// import itself is one transaction, and the content hash stops a file that did commit from being staged twice.</remarks>
public sealed partial class DropFolderPoller
{
    public const string ProcessingFolder = "processing";
    public const string ProcessedFolder = "processed";
    public const string RejectedFolder = "rejected";

    private const string ReportSuffix = ".errors.csv";

    // A file whose time is this far ahead of our clock was copied with its times from a skewed machine: it is not being written.
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(1);

    private static readonly EnumerationOptions CsvFiles = new()
    {
        MatchCasing = MatchCasing.CaseInsensitive,
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        // Dot-files are uploads in progress (rsync, scp -> rename).
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.Directory,
    };

    // Every *.csv entry, links and special files included: each is probed without following it.
    private static readonly EnumerationOptions CsvEntries = new()
    {
        MatchCasing = MatchCasing.CaseInsensitive,
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    // What this server saw of each dropped file at its last poll: a file is imported once two polls in a row saw the
    // same size and modification time (a copy that keeps the original time still grows).
    private readonly ConcurrentDictionary<string, (long Length, DateTime WrittenAt)> _seen = new(StringComparer.Ordinal);

    private readonly SourcesOptions _options;
    private readonly CsvImporter _importer;
    private readonly TimeProvider _time;
    private readonly ILogger<DropFolderPoller> _logger;
    private readonly IImportReportArchive[] _archives;

    public DropFolderPoller(IOptions<SourcesOptions> options, CsvImporter importer, TimeProvider timeProvider, ILogger<DropFolderPoller> logger, IEnumerable<IImportReportArchive> archives)
    {
        _options = options.Value;
        _importer = importer;
        _time = timeProvider;
        _logger = logger;
        _archives = archives.ToArray();
    }

    /// <summary>One pass over the folder: abandoned claims first, then the settled files, oldest first. Files still
    /// being written (modified less than <see cref="SourcesOptions.FileSettleTime"/> ago) wait for the next poll.
    /// If an import throws (say the database is down), the file goes back to the drop folder and the exception
    /// propagates, so the job's retry policy sees it.</summary>
    public async Task<IReadOnlyList<DropFolderFileResult>> PollAsync(CancellationToken ct)
    {
        var root = Path.GetFullPath(_options.CsvDropFolder);
        CheckOwnFolders(root);
        var processing = Directory.CreateDirectory(Path.Combine(root, ProcessingFolder)).FullName;
        var results = new List<DropFolderFileResult>();
        foreach (var (path, kind) in NotRegular(root))
        {
            results.Add(await MoveAsideAsync(path, kind, root).ConfigureAwait(false));
        }

        foreach (var abandoned in Abandoned(processing))
        {
            ct.ThrowIfCancellationRequested();
            var originalName = OriginalName(abandoned.Name);
            if (Claim(abandoned.FullName, originalName, processing) is { } claimed)
            {
                LogTakenOver(_logger, abandoned.Name, _options.ClaimTimeout);
                DeleteStaleReport(abandoned.FullName);
                results.Add(await ProcessAsync(claimed, originalName, root, processing, ct).ConfigureAwait(false));
            }
        }

        foreach (var dropped in Settled(root))
        {
            ct.ThrowIfCancellationRequested();
            if (Claim(dropped.FullName, dropped.Name, processing) is { } claimed)
            {
                LogClaimed(_logger, dropped.Name, Path.GetFileName(claimed));
                results.Add(await ProcessAsync(claimed, dropped.Name, root, processing, ct).ConfigureAwait(false));
            }
        }

        return results;
    }

    private async Task<DropFolderFileResult> ProcessAsync(string claimed, string originalName, string root, string processing, CancellationToken ct)
    {
        ImportResult result;
        try
        {
            result = await _importer.ImportFileAsync(claimed, originalName,
                new ImportRequest(DryRun: false, ImportChannel.DropFolder, ReceivedBy: null, ReportDirectory: processing), ct).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Release(claimed, root, originalName);
            throw;
        }

        var folder = result.Outcome is ImportOutcome.Accepted or ImportOutcome.PartlyRejected ? ProcessedFolder : RejectedFolder;
        var destination = Directory.CreateDirectory(Path.Combine(root, folder)).FullName;
        var location = Path.Combine(destination, Path.GetFileName(claimed));
        string? reportPath = null;
        if (result.ReportPath is { } report && File.Exists(report))
        {
            reportPath = Path.Combine(destination, Path.GetFileName(report));
            File.Move(report, reportPath, overwrite: true);
        }

        // The report moves first: a file in processed/ or rejected/ is finished, and its report is already there.
        File.Move(claimed, location, overwrite: false);
        LogMoved(_logger, originalName, folder, result.Outcome);
        // An already-imported file's report names the earlier import's id: that import keeps its own report.
        if (reportPath is not null && result.ImportId is { } importId && result.Outcome is not ImportOutcome.AlreadyImported)
        {
            foreach (var archive in _archives)
            {
                archive.Keep(reportPath, importId);
            }
        }

        return new DropFolderFileResult(originalName, location, result with { ReportPath = reportPath });
    }

    /// <summary>Renames the file into <c>processing/</c> under <c>&lt;UTC timestamp&gt;-&lt;random&gt;-&lt;original name&gt;</c>.
    /// The name is unique, so overwrite is safe, and it makes .NET use a plain rename(2): of two servers renaming the
    /// same file, one succeeds and the other finds it gone. (Without overwrite .NET links then unlinks, and both could win.)</summary>
    private string? Claim(string path, string originalName, string processing)
    {
        var now = _time.GetUtcNow();
        var claimedName = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{Random.Shared.Next():x8}-{originalName}";
        var target = Path.Combine(processing, claimedName);
        try
        {
            File.Move(path, target, overwrite: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // The claim's age is the file's time: start it now, so no other server takes it over while it is imported.
        File.SetLastWriteTimeUtc(target, now.UtcDateTime);
        return target;
    }

    private void Release(string claimed, string root, string originalName)
    {
        try
        {
            File.Move(claimed, Path.Combine(root, originalName), overwrite: false);
            DeleteStaleReport(claimed);
            LogReleased(_logger, originalName);
        }
        catch (IOException e)
        {
            // A newer file of the same name was dropped meanwhile: leave the claim to be taken over later.
            LogNotReleased(_logger, originalName, e);
        }
    }

    private IEnumerable<FileInfo> Settled(string root)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var files = new DirectoryInfo(root).EnumerateFiles("*.csv", CsvFiles)
            .Where(f => DropFolderEntry.Probe(f.FullName) == DropFolderEntryKind.RegularFile)
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var gone in _seen.Keys.Except(files.Select(f => f.FullName)).ToList())
        {
            _seen.TryRemove(gone, out _);
        }

        foreach (var file in files)
        {
            var age = now - file.LastWriteTimeUtc;
            var observed = (file.Length, file.LastWriteTimeUtc);
            var unchanged = _seen.TryGetValue(file.FullName, out var before) && before == observed;
            _seen[file.FullName] = observed;
            if (unchanged && (age >= _options.FileSettleTime || age < -FutureTolerance))
            {
                _seen.TryRemove(file.FullName, out _);
                yield return file;
            }
            else
            {
                LogStillBeingWritten(_logger, file.Name, age);
            }
        }
    }

    // processing/, processed/ and rejected/ are where files are moved and reports written: followed through a link,
    // they could put both anywhere. Refuse, with what to do, rather than follow.
    private static void CheckOwnFolders(string root)
    {
        foreach (var name in new[] { ProcessingFolder, ProcessedFolder, RejectedFolder })
        {
            var kind = DropFolderEntry.Probe(Path.Combine(root, name));
            if (kind is not (DropFolderEntryKind.Missing or DropFolderEntryKind.Directory))
            {
                throw new DropFolderUnsafeException(
                    $"drop folder {root}: '{name}' is {DropFolderEntry.Describe(kind)}; the poll stops rather than follow it. Replace it with a plain folder (or remove it).");
            }
        }
    }

    private static IEnumerable<(string Path, DropFolderEntryKind Kind)> NotRegular(string root) =>
        new DirectoryInfo(root).EnumerateFileSystemInfos("*.csv", CsvEntries)
            .Select(e => (e.FullName, Kind: DropFolderEntry.Probe(e.FullName)))
            .Where(e => e.Kind is DropFolderEntryKind.SymbolicLink or DropFolderEntryKind.Other)
            .ToList();

    // A link or a special file is renamed (rename(2) moves the entry itself, never its target) into rejected/ with a
    // one-line report; it is never opened.
    private async Task<DropFolderFileResult> MoveAsideAsync(string path, DropFolderEntryKind kind, string root)
    {
        var name = Path.GetFileName(path);
        var rejected = Directory.CreateDirectory(Path.Combine(root, RejectedFolder)).FullName;
        var now = _time.GetUtcNow();
        var location = Path.Combine(rejected, $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{Random.Shared.Next():x8}-{name}");
        var error = new RowError(0, RowRule.WholeFile, FileRejection.NotARegularFile,
            $"'{name}' is {DropFolderEntry.Describe(kind)}: only regular files directly in the drop folder are imported, and links are never followed. Drop the file itself.");
        File.Move(path, location, overwrite: true);
        var report = location + ReportSuffix;
        await using (var writer = ErrorReportWriter.Create(report, []))
        {
            writer.Write(error, []);
        }

        LogNotRegular(_logger, name, kind);
        return new DropFolderFileResult(name, location,
            new ImportResult(ImportOutcome.RejectedWhole, null, null, 0, 0, [error], report, error.Message, []));
    }

    private List<FileInfo> Abandoned(string processing)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new DirectoryInfo(processing).EnumerateFiles("*.csv", CsvFiles)
            .Where(f => !IsReport(f.Name) && now - f.LastWriteTimeUtc >= _options.ClaimTimeout)
            .OrderBy(f => f.LastWriteTimeUtc)
            .ToList();
    }

    private static void DeleteStaleReport(string claimedPath)
    {
        File.Delete(claimedPath + ReportSuffix);
    }

    private static bool IsReport(string name) =>
        name.EndsWith(ReportSuffix, StringComparison.OrdinalIgnoreCase) && ClaimedName().IsMatch(name[..^ReportSuffix.Length]);

    internal static string OriginalName(string claimedName)
    {
        var match = ClaimedName().Match(claimedName);
        return match.Success ? match.Groups["original"].Value : claimedName;
    }

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}-(?<original>.+)\z")]
    private static partial Regex ClaimedName();
}
