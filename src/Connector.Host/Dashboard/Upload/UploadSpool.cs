using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connector.Host.Dashboard.Upload;

/// <summary>Where dashboard uploads wait between preview and confirm: <c>&lt;token&gt;.csv</c> (the bytes),
/// <c>&lt;token&gt;.json</c> (the preview) and <c>&lt;token&gt;.errors.csv</c> (the row-error report), under a
/// private folder. Only random tokens name files: what the browser calls the file is never part of a path.</summary>
public sealed partial class UploadSpool
{
    /// <summary>Abandoned previews (never confirmed or cancelled) are deleted after this long.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(6);

    /// <summary>Row-error reports of confirmed uploads stay downloadable this long.</summary>
    public static readonly TimeSpan ReportMaxAge = TimeSpan.FromDays(30);

    public UploadSpool(string? folder)
    {
        Folder = Path.GetFullPath(string.IsNullOrWhiteSpace(folder) ? Path.Combine(Path.GetTempPath(), "partner-sync-uploads") : folder);
    }

    public string Folder { get; }

    public static bool IsToken(string? token) => token is not null && TokenPattern().IsMatch(token);

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string DataPath(string token) => Path.Combine(Folder, Checked(token) + ".csv");

    public string ReportPath(string token) => Path.Combine(Folder, Checked(token) + ".errors.csv");

    /// <summary>The row-error report of a confirmed upload, kept under its import id.</summary>
    public string ImportReportPath(long importId) => Path.Combine(Folder, "reports", $"import-{importId}.errors.csv");

    private string PreviewPath(string token) => Path.Combine(Folder, Checked(token) + ".json");

    /// <summary>A new, exclusive spool file (owner-only on Unix: uploads may hold contact details).</summary>
    public FileStream Create(string token)
    {
        EnsurePrivate();
        return new FileStream(DataPath(token), NewFileOptions(FileAccess.ReadWrite));
    }

    public async Task SavePreviewAsync(string token, UploadPreview preview, CancellationToken ct)
    {
        EnsurePrivate();
        await using var file = new FileStream(PreviewPath(token), NewFileOptions(FileAccess.Write));
        await JsonSerializer.SerializeAsync(file, preview, cancellationToken: ct);
    }

    /// <summary>Takes over a report the importer wrote into the spool (under its own random name) as this token's.</summary>
    public void AdoptReport(string reportPath, string token) => MovePrivate(reportPath, ReportPath(token));

    /// <summary>The report at <paramref name="path"/> (one of this spool's), opened for reading; null when missing, or
    /// when it or its folder is a symbolic link: a report is never served through a link.</summary>
    public FileStream? OpenReport(string path)
    {
        EnsurePrivate();
        var file = new FileInfo(path);
        if (!file.Exists || file.LinkTarget is not null || file.Directory is not { } folder || folder.LinkTarget is not null
            || (folder.FullName != Folder && folder.Parent?.FullName != Folder) || new DirectoryInfo(Folder).LinkTarget is not null)
        {
            return null;
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public async Task<UploadPreview?> ReadPreviewAsync(string token, CancellationToken ct)
    {
        // A preview from a folder others could write to may be theirs: confirm would stage their bytes.
        EnsurePrivate();
        if (!IsToken(token) || !File.Exists(PreviewPath(token)))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<UploadPreview>(await File.ReadAllTextAsync(PreviewPath(token), ct));
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Keeps a confirmed upload's report (written by the importer under a random name) under its import id.</summary>
    public void KeepImportReport(string reportPath, long importId)
    {
        var target = ImportReportPath(importId);
        EnsureFolder(Path.GetDirectoryName(target)!);
        MovePrivate(reportPath, target);
    }

    /// <summary>Keeps a copy of another channel's report (drop folder, CLI) under its import id; the original stays.</summary>
    public void CopyImportReport(string reportPath, long importId)
    {
        var target = ImportReportPath(importId);
        EnsurePrivate();
        EnsureFolder(Path.GetDirectoryName(target)!);
        // Copied to a fresh private name first, then moved over: a half-copied report is never served.
        var partial = Path.Combine(Folder, $"upload-{NewToken()}.errors.csv");
        var options = NewFileOptions(FileAccess.Write);
        options.Options = FileOptions.None;
        using (var source = new FileStream(reportPath, FileMode.Open, FileAccess.Read, FileShare.Read))
        using (var copy = new FileStream(partial, options))
        {
            source.CopyTo(copy);
        }

        MovePrivate(partial, target);
    }

    /// <summary>Keeps the preview but drops the bytes (a file refused as a whole cannot be confirmed).</summary>
    public void DeleteData(string token) => File.Delete(DataPath(token));

    public void Delete(string token)
    {
        File.Delete(DataPath(token));
        File.Delete(ReportPath(token));
        File.Delete(PreviewPath(token));
    }

    /// <summary>Deletes spool files older than <see cref="MaxAge"/> (reports of confirmed uploads after
    /// <see cref="ReportMaxAge"/>); called on every upload, so the folder stays small. Only names the spool makes are
    /// touched: whatever else is in the folder (put there by someone, or a folder pointed at by mistake) stays.</summary>
    public void CleanOld(DateTimeOffset now)
    {
        if (!Directory.Exists(Folder) || new DirectoryInfo(Folder).LinkTarget is not null)
        {
            return;
        }

        var reports = new DirectoryInfo(Path.Combine(Folder, "reports"));
        var files = Directory.EnumerateFiles(Folder).Where(f => SpoolName().IsMatch(Path.GetFileName(f))).Select(f => (File: f, MaxAge))
            .Concat(reports.Exists && reports.LinkTarget is null
                ? Directory.EnumerateFiles(reports.FullName).Where(f => ReportName().IsMatch(Path.GetFileName(f))).Select(f => (File: f, MaxAge: ReportMaxAge))
                : []);
        foreach (var (file, maxAge) in files.ToList())
        {
            try
            {
                if (now.UtcDateTime - File.GetLastWriteTimeUtc(file) > maxAge)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // In use by a request right now: the next clean-up gets it.
            }
        }
    }

    private static FileStreamOptions NewFileOptions(FileAccess access)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = access,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private static void MovePrivate(string source, string target)
    {
        File.Move(source, target, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Checked(string token) =>
        IsToken(token) ? token : throw new ArgumentException("not an upload token", nameof(token));

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenPattern();

    // <token>.csv, .json, .errors.csv; and upload-<random>.errors.csv, the importer's report before it is adopted.
    [GeneratedRegex(@"^(upload-)?[0-9a-f]{32}(\.csv|\.json|\.errors\.csv)\z")]
    private static partial Regex SpoolName();

    [GeneratedRegex(@"^import-[0-9]{1,19}\.errors\.csv\z")]
    private static partial Regex ReportName();
}
