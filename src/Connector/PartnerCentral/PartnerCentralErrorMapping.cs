using System.Text.Json;

namespace Connector.PartnerCentral;

/// <summary>Turns a non-success awsJson1_0 response into the exception a sync acts on.</summary>
/// <remarks>
/// The error type is the body's <c>__type</c>, else the body's <c>code</c>/<c>Code</c>, else the
/// <c>X-Amzn-ErrorType</c> header; a namespace before <c>#</c> and anything after <c>:</c> are dropped. Known types
/// map to their subclass whatever the status (a throttling type on a 400 or 500 is still throttling). Without a known
/// type the status decides: 5xx, 408 and unreadable 5xx bodies are transient; 429 is throttling; other 4xx become a
/// plain <see cref="PartnerCentralException"/> whose Kind is 401 Credentials, 402 ServiceQuotaExceeded, 403
/// AccessDenied, 404 ResourceNotFound, 409 Conflict, and Validation for the rest (the service refused the request
/// for what it is, so sending it again unchanged cannot help). Any other unexpected status is transient.
/// </remarks>
internal static class PartnerCentralErrorMapping
{
    internal static readonly HashSet<string> ThrottlingTypes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
    };

    private static readonly HashSet<string> CredentialTypes = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredTokenException",
        "ExpiredToken", "IncompleteSignature", "IncompleteSignatureException", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "InvalidClientTokenId",
    };

    public static PartnerCentralException FromResponse(int status, string? headerErrorType, string? requestId, byte[] body)
    {
        var parsed = Parse(body);
        var errorType = NormaliseType(parsed.Type) ?? NormaliseType(headerErrorType);
        var apiMessage = parsed.Message;
        var typeName = errorType ?? UntypedName(status);
        var message = $"{typeName}: {apiMessage ?? DefaultMessage(status, parsed.Readable)} (HTTP {status}, request id {requestId ?? "none"})";

        return errorType switch
        {
            "ValidationException" => new PartnerCentralValidationException(
                message, errorType, status, requestId, parsed.Reason, parsed.FieldErrors, isPreflight: false),
            "AccessDeniedException" => new PartnerCentralAccessDeniedException(message, errorType, status, requestId, parsed.Reason),
            "ResourceNotFoundException" => new PartnerCentralResourceNotFoundException(message, errorType, status, requestId),
            "InternalServerException" or "InternalFailure" or "InternalServerError" =>
                new PartnerCentralInternalServerException(message, errorType, status, requestId),
            "ConflictException" => new PartnerCentralConflictException(message, errorType, status, requestId),
            "ServiceQuotaExceededException" => new PartnerCentralServiceQuotaExceededException(message, errorType, status, requestId),
            not null when ThrottlingTypes.Contains(errorType) => new PartnerCentralThrottlingException(message, errorType, status, requestId),
            not null when CredentialTypes.Contains(errorType) => new PartnerCentralCredentialsException(message, errorType, status, requestId),
            _ => ByStatus(status, message, typeName, requestId),
        };
    }

    private static PartnerCentralException ByStatus(int status, string message, string typeName, string? requestId) => status switch
    {
        // A redirect (never followed) means the endpoint is not the service: every call would get it, so the sync
        // pauses as for access problems instead of failing or retrying change after change.
        >= 300 and < 400 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.AccessDenied, status, requestId),
        >= 500 or 408 or < 400 => new PartnerCentralTransientException(message, typeName, status, requestId),
        429 => new PartnerCentralThrottlingException(message, typeName, status, requestId),
        401 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.Credentials, status, requestId),
        402 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.ServiceQuotaExceeded, status, requestId),
        403 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.AccessDenied, status, requestId),
        404 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.ResourceNotFound, status, requestId),
        409 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.Conflict, status, requestId),
        _ => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.Validation, status, requestId),
    };

    /// <summary>The error type of an answer that names none: <c>TransientError</c> for the statuses that are retried
    /// (5xx, 408, anything unexpected), <c>ThrottlingException</c> for 429, else <c>Http</c> and the status
    /// (<c>Http403</c>): one word, so failures group by it.</summary>
    internal static string UntypedName(int status) => status switch
    {
        >= 300 and < 400 => $"Http{status}",
        >= 500 or 408 or < 400 => "TransientError",
        429 => "ThrottlingException",
        _ => $"Http{status}",
    };

    /// <summary><c>aws.protocols#ThrottlingException:http://internal.amazon.com/</c> becomes <c>ThrottlingException</c>.</summary>
    internal static string? NormaliseType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var type = raw;
        var colon = type.IndexOf(':');
        if (colon >= 0)
        {
            type = type[..colon];
        }

        var hash = type.LastIndexOf('#');
        if (hash >= 0)
        {
            type = type[(hash + 1)..];
        }

        type = type.Trim();
        return type.Length == 0 ? null : type;
    }

    private static string DefaultMessage(int status, bool readable) =>
        status is >= 300 and < 400 ? $"the endpoint answered HTTP {status}, a redirect, which is never followed: check PartnerCentral:Endpoint (a proxy or load balancer in front of it?)"
        : readable ? $"the service answered HTTP {status} without a message" : $"the service answered HTTP {status} with a body that is not JSON";

    private static ParsedError Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return new ParsedError(Readable: true, null, null, null, []);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new ParsedError(Readable: false, null, null, null, []);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ParsedError(Readable: false, null, null, null, []);
            }

            var type = StringMember(root, "__type") ?? StringMember(root, "code") ?? StringMember(root, "Code");
            var message = StringMember(root, "message") ?? StringMember(root, "Message");
            var reason = StringMember(root, "Reason") ?? StringMember(root, "reason");
            return new ParsedError(Readable: true, type, message, reason, FieldErrors(root));
        }
    }

    private static List<FieldError> FieldErrors(JsonElement root)
    {
        var errors = new List<FieldError>();
        if ((Member(root, "ErrorList") ?? Member(root, "errorList")) is not { ValueKind: JsonValueKind.Array } list)
        {
            return errors;
        }

        foreach (var item in list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
        {
            errors.Add(new FieldError(
                StringMember(item, "FieldName") ?? StringMember(item, "fieldName") ?? string.Empty,
                StringMember(item, "Code") ?? StringMember(item, "code") ?? string.Empty,
                StringMember(item, "Message") ?? StringMember(item, "message") ?? string.Empty));
        }

        return errors;
    }

    private static JsonElement? Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : null;

    private static string? StringMember(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private sealed record ParsedError(bool Readable, string? Type, string? Message, string? Reason, IReadOnlyList<FieldError> FieldErrors);
}
