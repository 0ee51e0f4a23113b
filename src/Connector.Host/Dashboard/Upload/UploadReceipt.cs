namespace Connector.Host.Dashboard.Upload;

/// <summary>The result of receiving an upload: a spooled file under a token, or why it was refused.</summary>
public sealed record UploadReceipt(string? Token, string DisplayName, long Bytes, int StatusCode, string? Error)
{
    public static UploadReceipt Spooled(string token, string displayName, long bytes) => new(token, displayName, bytes, 200, null);

    public static UploadReceipt Refused(int statusCode, string error) => new(null, string.Empty, 0, statusCode, error);
}
