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
        EnsureFolder();
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(DataPath(token), options);
    }

    public async Task SavePreviewAsync(string token, UploadPreview preview, CancellationToken ct)
    {
        EnsureFolder();
        await File.WriteAllTextAsync(PreviewPath(token), JsonSerializer.Serialize(preview), ct);
    }

    public async Task<UploadPreview?> ReadPreviewAsync(string token, CancellationToken ct)
    {
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
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.Move(reportPath, target, overwrite: true);
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
    /// <see cref="ReportMaxAge"/>); called on every upload, so the folder stays small.</summary>
    public void CleanOld(DateTimeOffset now)
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }

        var reports = Path.Combine(Folder, "reports");
        var files = Directory.EnumerateFiles(Folder).Select(f => (File: f, MaxAge))
            .Concat(Directory.Exists(reports) ? Directory.EnumerateFiles(reports).Select(f => (File: f, MaxAge: ReportMaxAge)) : []);
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

    private void EnsureFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string Checked(string token) =>
        IsToken(token) ? token : throw new ArgumentException("not an upload token", nameof(token));

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenPattern();
}
