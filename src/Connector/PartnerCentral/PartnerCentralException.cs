namespace Connector.PartnerCentral;

/// <summary>A Partner Central call that did not succeed. Subclasses name the known error types; an unknown 4xx type
/// arrives as this class itself, with <see cref="Kind"/> chosen from the status (see <c>PartnerCentralErrorMapping</c>).
/// The message can echo values the API received (an email, say): log <see cref="ErrorType"/>, <see cref="Kind"/>,
/// <see cref="HttpStatus"/> and <see cref="RequestId"/>, not the message, at Information level.</summary>
public class PartnerCentralException : Exception
{
    public PartnerCentralException(
        string message,
        string errorType,
        PartnerCentralErrorKind kind,
        int? httpStatus,
        string? requestId,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
        Kind = kind;
        HttpStatus = httpStatus;
        RequestId = requestId;
    }

    /// <summary>The API's error type without namespace or suffix (e.g. <c>ValidationException</c>), or a local name
    /// such as <c>Timeout</c>, <c>ConnectionFailure</c> or <c>HTTP 503</c> when the service named none.</summary>
    public string ErrorType { get; }

    public PartnerCentralErrorKind Kind { get; }

    /// <summary>Null when no response arrived (pre-flight rejection, timeout, connection failure).</summary>
    public int? HttpStatus { get; }

    /// <summary>The response's x-amzn-RequestId, when there was a response carrying one.</summary>
    public string? RequestId { get; }

    /// <summary>True when trying the same call again later can succeed: throttling, service and transient failures.</summary>
    public bool IsRetryable => Kind is PartnerCentralErrorKind.Throttling or PartnerCentralErrorKind.InternalServer or PartnerCentralErrorKind.Transient;
}
