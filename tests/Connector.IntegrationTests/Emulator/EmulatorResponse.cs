using System.Net;
using System.Text.Json;

namespace Connector.IntegrationTests.Emulator;

/// <summary>An emulator answer: status, the request id and error-type headers, and the JSON body.</summary>
internal sealed record EmulatorResponse(HttpStatusCode Status, string? RequestId, string? ErrorTypeHeader, string ContentType, JsonElement Body)
{
    /// <summary>The short error name from <c>__type</c> (after '#'), or null on success.</summary>
    public string? ErrorType => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("__type", out var type)
        ? type.GetString()!.Split('#')[^1]
        : null;

    public string? Reason => Body.TryGetProperty("Reason", out var reason) ? reason.GetString() : null;

    public string? Message => Body.TryGetProperty("message", out var message) ? message.GetString() : null;

    public IReadOnlyList<(string FieldName, string Code)> ErrorList => Body.TryGetProperty("ErrorList", out var list)
        ? list.EnumerateArray().Select(e => (e.GetProperty("FieldName").GetString()!, e.GetProperty("Code").GetString()!)).ToList()
        : [];

    public static async Task<EmulatorResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new EmulatorResponse(
            response.StatusCode,
            response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : null,
            response.Headers.TryGetValues("X-Amzn-ErrorType", out var types) ? types.Single() : null,
            response.Content.Headers.ContentType?.MediaType ?? string.Empty,
            body);
    }
}
