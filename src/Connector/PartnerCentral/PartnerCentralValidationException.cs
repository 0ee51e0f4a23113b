namespace Connector.PartnerCentral;

public sealed class PartnerCentralValidationException(string message, string? reason, IReadOnlyList<FieldError> fieldErrors, int? httpStatus, string? requestId, bool isPreflight)
    : PartnerCentralException("ValidationException", PartnerCentralErrorKind.Validation, message, httpStatus, requestId)
{
    public string? Reason { get; } = reason;

    public IReadOnlyList<FieldError> FieldErrors { get; } = fieldErrors;

    public bool IsPreflight { get; } = isPreflight;
}
