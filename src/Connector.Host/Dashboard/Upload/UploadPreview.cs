namespace Connector.Host.Dashboard.Upload;

/// <summary>What a dry-run import of an upload found, kept with the spooled file until Confirm or Cancel.</summary>
/// <param name="CanConfirm">False when the file was refused as a whole or its content was imported before.</param>
/// <param name="Errors">The row errors shown on the page (the report has them all).</param>
/// <param name="Effect">Null when no row would be staged.</param>
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
    UploadEffect? Effect);
