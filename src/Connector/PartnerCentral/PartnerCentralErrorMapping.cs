using Amazon.PartnerCentralSelling.Model;
using Amazon.Runtime;

namespace Connector.PartnerCentral;

/// <summary>Turns the SDK's exception for a non-success answer into the exception a sync acts on.</summary>
/// <remarks>
/// The error type is the SDK's <see cref="AmazonServiceException.ErrorCode"/> (the body's <c>__type</c>, else the
/// <c>X-Amzn-ErrorType</c> header, namespace and suffix dropped). Known types map to their subclass whatever the
/// status (a throttling type on a 400 or 500 is still throttling). Without a known type the status decides: 5xx, 408
/// are transient; 429 is throttling; a 3xx (never followed) is AccessDenied; other 4xx become a plain
/// <see cref="PartnerCentralException"/> whose Kind is 401 Credentials, 402 ServiceQuotaExceeded, 403 AccessDenied,
/// 404 ResourceNotFound, 409 Conflict, and Validation for the rest. Any other unexpected status is transient.
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
        "MissingAuthenticationTokenException", "InvalidClientTokenId", "RequestTimeTooSkewed", "RequestExpired",
    };

    /// <summary>The types that say the session token has expired: the credentials are refreshed and the call sent once more.</summary>
    internal static readonly HashSet<string> ExpiredTokenTypes = new(StringComparer.Ordinal) { "ExpiredTokenException", "ExpiredToken" };

    public static PartnerCentralException FromSdk(AmazonServiceException error)
    {
        var status = (int)error.StatusCode;
        var requestId = string.IsNullOrEmpty(error.RequestId) ? null : error.RequestId;
        var errorType = Amazon.PartnerCentralSelling.Model.Internal.MarshallTransformations.ErrorUnmarshaller.NormaliseType(error.ErrorCode);
        var apiMessage = string.IsNullOrEmpty(error.Message) ? null : error.Message;
        var typeName = errorType ?? UntypedName(status);
        var message = $"{typeName}: {apiMessage ?? DefaultMessage(status)} (HTTP {status}, request id {requestId ?? "none"})";

        return errorType switch
        {
            "ValidationException" => new PartnerCentralValidationException(
                message, errorType, status, requestId, (error as ValidationException)?.Reason, FieldErrors(error as ValidationException), isPreflight: false, error),
            "AccessDeniedException" => new PartnerCentralAccessDeniedException(message, errorType, status, requestId, (error as AccessDeniedException)?.Reason, error),
            "ResourceNotFoundException" => new PartnerCentralResourceNotFoundException(message, errorType, status, requestId, error),
            "InternalServerException" or "InternalFailure" or "InternalServerError" =>
                new PartnerCentralInternalServerException(message, errorType, status, requestId, error),
            "ConflictException" => new PartnerCentralConflictException(message, errorType, status, requestId, error),
            "ServiceQuotaExceededException" => new PartnerCentralServiceQuotaExceededException(message, errorType, status, requestId, error),
            not null when ThrottlingTypes.Contains(errorType) => new PartnerCentralThrottlingException(message, errorType, status, requestId, error),
            not null when CredentialTypes.Contains(errorType) => new PartnerCentralCredentialsException(message, errorType, status, requestId, error),
            _ => ByStatus(status, message, typeName, requestId, error),
        };
    }

    public static PartnerCentralException Redirect(int status, string? requestId) =>
        ByStatus(status, $"{UntypedName(status)}: {DefaultMessage(status)} (HTTP {status}, request id {requestId ?? "none"})", UntypedName(status), requestId, inner: null);

    private static PartnerCentralException ByStatus(int status, string message, string typeName, string? requestId, Exception? inner) => status switch
    {
        // A redirect (never followed) means the endpoint is not the service: every call would get it, so the sync
        // pauses as for access problems instead of failing or retrying change after change.
        >= 300 and < 400 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.AccessDenied, status, requestId, inner),
        >= 500 or 408 or < 400 => new PartnerCentralTransientException(message, typeName, status, requestId, inner),
        429 => new PartnerCentralThrottlingException(message, typeName, status, requestId, inner),
        401 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.Credentials, status, requestId, inner),
        402 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.ServiceQuotaExceeded, status, requestId, inner),
        403 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.AccessDenied, status, requestId, inner),
        404 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.ResourceNotFound, status, requestId, inner),
        409 => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.Conflict, status, requestId, inner),
        _ => new PartnerCentralException(message, typeName, PartnerCentralErrorKind.Validation, status, requestId, inner),
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

    private static string DefaultMessage(int status) =>
        status is >= 300 and < 400
            ? $"the endpoint answered HTTP {status}, a redirect, which is never followed: check PartnerCentral:Endpoint (a proxy or load balancer in front of it?)"
            : $"the service answered HTTP {status} without a message";

    private static List<FieldError> FieldErrors(ValidationException? error) =>
        error?.ErrorList.Select(e => new FieldError(e.FieldName ?? string.Empty, e.Code ?? string.Empty, e.Message ?? string.Empty)).ToList() ?? [];
}
