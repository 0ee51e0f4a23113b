using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Connector.Host.Dashboard.Upload;

/// <summary>Reads a <c>multipart/form-data</c> upload straight from the request body into a spool file, section by
/// section, never buffering the file in memory and never reading past the size limit (ASP.NET's form reader would
/// buffer the whole body first; antiforgery is configured not to use it).</summary>
public static class UploadReceiver
{
    public const string FieldName = "file";

    // Room for the multipart boundaries and part headers around the file.
    private const long Overhead = 64 * 1024;
    private const int ChunkSize = 64 * 1024;
    private const int MaxDisplayName = 200;

    public static async Task<UploadReceipt> ReceiveAsync(HttpContext http, UploadSpool spool, long maxBytes, CancellationToken ct)
    {
        var limitText = DescribeBytes(maxBytes);
        var tooLarge = UploadReceipt.Refused(StatusCodes.Status413PayloadTooLarge,
            $"The file is larger than the upload limit of {limitText} (Sources:MaxUploadBytes). Split it, or put it in the drop folder, which has no limit.");
        if (http.Request.ContentLength > maxBytes + Overhead)
        {
            return tooLarge;
        }

        // Kestrel's default cap (30 MB) would cut a legitimate upload short; ours is the configured one.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes + Overhead;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
        {
            return UploadReceipt.Refused(StatusCodes.Status400BadRequest, "Send the file as a form upload (multipart/form-data) in a field named 'file'.");
        }

        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data")
                    || !HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FieldName, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = DisplayName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                var token = UploadSpool.NewToken();
                long length;
                try
                {
                    await using var target = spool.Create(token);
                    length = await CopyAsync(section.Body, target, maxBytes, ct);
                }
                catch
                {
                    // Cut off, malformed or over Kestrel's cap: no half file is left behind.
                    spool.Delete(token);
                    throw;
                }

                if (length > maxBytes)
                {
                    spool.Delete(token);
                    return tooLarge;
                }

                return UploadReceipt.Spooled(token, name, length);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        catch (IOException)
        {
            return UploadReceipt.Refused(StatusCodes.Status400BadRequest, "The upload was malformed or cut short; try again.");
        }
        catch (InvalidDataException)
        {
            return UploadReceipt.Refused(StatusCodes.Status400BadRequest, "The upload was malformed (multipart form data could not be read).");
        }

        return UploadReceipt.Refused(StatusCodes.Status400BadRequest, "No file was chosen.");
    }

    /// <summary>Only what the user would recognise: the last path segment, without control characters. Shown and
    /// recorded, never used as a path.</summary>
    public static string DisplayName(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > MaxDisplayName)
        {
            name = name[..MaxDisplayName];
        }

        return name is "" or "." or ".." ? "upload.csv" : name;
    }

    public static string DescribeBytes(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";

    // Copies at most maxBytes + 1 bytes: one byte past the limit is enough to know, and the rest is never read.
    private static async Task<long> CopyAsync(Stream source, Stream target, long maxBytes, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long total = 0;
            while (total <= maxBytes)
            {
                var want = (int)Math.Min(ChunkSize, maxBytes + 1 - total);
                var read = await source.ReadAsync(buffer.AsMemory(0, want), ct);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total <= maxBytes)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            await target.FlushAsync(ct);
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The result of receiving an upload: a spooled file under a token, or why it was refused.</summary>
public sealed record UploadReceipt(string? Token, string DisplayName, long Bytes, int StatusCode, string? Error)
{
    public static UploadReceipt Spooled(string token, string displayName, long bytes) => new(token, displayName, bytes, 200, null);

    public static UploadReceipt Refused(int statusCode, string error) => new(null, string.Empty, 0, statusCode, error);
}
