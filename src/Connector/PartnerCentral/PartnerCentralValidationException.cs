namespace Connector.PartnerCentral;

/// <summary>ValidationException (400), or the same rules broken locally before any call
/// (<see cref="IsPreflight"/>): permanent for this input, never retried automatically.</summary>
public sealed class PartnerCentralValidationException : PartnerCentralException
{
    public const string ValidationErrorType = "ValidationException";

    public PartnerCentralValidationException(
        string message,
        string errorType,
        int? httpStatus,
        string? requestId,
        string? reason,
        IReadOnlyList<FieldError> fieldErrors,
        bool isPreflight,
        Exception? innerException = null)
        : base(message, errorType, PartnerCentralErrorKind.Validation, httpStatus, requestId, innerException)
    {
        Reason = reason;
        FieldErrors = fieldErrors;
        IsPreflight = isPreflight;
    }

    /// <summary>The API's Reason: <c>REQUEST_VALIDATION_FAILED</c> or <c>BUSINESS_VALIDATION_FAILED</c>.</summary>
    public string? Reason { get; }

    /// <summary>The API's ErrorList (or the local rules' findings); empty when the service gave none.</summary>
    public IReadOnlyList<FieldError> FieldErrors { get; }

    /// <summary>True when raised by <see cref="RequestValidator"/> before any HTTP call: no write slot was spent.</summary>
    public bool IsPreflight { get; }

    /// <summary>The exception for a request that broke local rules; the message lists fields and rules, never values.</summary>
    public static PartnerCentralValidationException Preflight(string operation, IReadOnlyList<FieldError> fieldErrors) =>
        new($"{operation} not sent: {string.Join("; ", fieldErrors)}",
            ValidationErrorType,
            httpStatus: null,
            requestId: null,
            ValidationCodes.RequestValidationFailed,
            fieldErrors,
            isPreflight: true);
}
