using Connector.Sources;
using Connector.Sync;

namespace Connector.Host.Dashboard.Upload;

/// <summary>The preview of an upload: the same dry-run import as <c>connector import --dry-run</c> (staged inside a
/// transaction, planned with <see cref="SyncPlanner"/> in preview mode, rolled back), over the spooled bytes.</summary>
public sealed class UploadPreviewer(CsvImporter importer, SyncPlanner planner, PlanEffectStore effects, TimeProvider time)
{
    private const int ErrorsShown = 200;

    public async Task<UploadPreview> PreviewAsync(UploadSpool spool, string token, string displayName, string user, CancellationToken ct)
    {
        PlanEffect? effect = null;
        var request = new ImportRequest(
            DryRun: true,
            ImportChannel.Upload,
            user,
            ReportDirectory: spool.Folder,
            async (connection, transaction, importId, inner) =>
            {
                var plan = await planner.PlanAsync(connection, transaction, runId: 0, preview: true, inner);
                effect = await effects.ReadAsync(connection, transaction, importId, plan, inner);
            });

        ImportResult result;
        long bytes;
        string sha256;
        await using (var file = new FileStream(spool.DataPath(token), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            bytes = file.Length;
            sha256 = await ContentHashAsync(file, ct);
            result = await importer.ImportStreamAsync(file, displayName, request, ct);
        }

        // The importer names its report upload-<random>; keep it under the token so only its uploader can fetch it.
        var hasReport = result.ReportPath is { } report && File.Exists(report);
        if (hasReport)
        {
            spool.AdoptReport(result.ReportPath!, token);
        }

        var canConfirm = result.RowsAccepted > 0 && result.Outcome is ImportOutcome.Accepted or ImportOutcome.PartlyRejected;
        return new UploadPreview(
            displayName,
            user,
            time.GetUtcNow(),
            bytes,
            result.Outcome.ToString(),
            result.Kind,
            result.RowsAccepted,
            result.RowsRejected,
            result.Message,
            result.IgnoredColumns,
            result.Errors.Take(ErrorsShown).Select(e => new UploadRowError(e.Line, e.Field, e.Code, e.Message)).ToList(),
            hasReport,
            canConfirm,
            effect,
            sha256,
            result.Migration is { } migration ? migration.Attaches + migration.Detaches : null);
    }

    /// <summary>The SHA-256 of the stream's content (lower-case hex), leaving the stream at its start again. Shown in
    /// the preview and checked again on confirm: what is staged is exactly what was previewed.</summary>
    public static async Task<string> ContentHashAsync(Stream file, CancellationToken ct)
    {
        file.Position = 0;
        var hash = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file, ct));
        file.Position = 0;
        return hash;
    }
}

/// <summary>What a dry-run import of an upload found, kept with the spooled file until Confirm or Cancel.</summary>
/// <param name="CanConfirm">False when the file was refused as a whole or its content was imported before.</param>
/// <param name="Errors">The row errors shown on the page (the report has them all).</param>
/// <param name="Effect">Null when no row would be staged.</param>
/// <param name="Sha256">The previewed bytes' SHA-256 (hex): Confirm stages the spooled file only if it still has it.</param>
/// <param name="MigrationChanges">For a solution map: the changes it would stage (attaches and detaches).</param>
public sealed record UploadPreview(
    string DisplayName,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    long Bytes,
    string Outcome,
    string? Kind,
    int RowsAccepted,
    int RowsRejected,
    string Message,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<UploadRowError> Errors,
    bool HasReport,
    bool CanConfirm,
    PlanEffect? Effect,
    string Sha256,
    int? MigrationChanges = null);

/// <summary>A rejected row as shown in the preview: line, column, rule code and why (never the cell's value).</summary>
public sealed record UploadRowError(int Line, string Field, string Code, string Message);
