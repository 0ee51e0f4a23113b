namespace Connector.PartnerCentral;

public class PartnerCentralException(string errorType, PartnerCentralErrorKind kind, string message, int? httpStatus, string? requestId, Exception? inner = null)
    : Exception(message, inner)
{
    public string ErrorType { get; } = errorType;

    public PartnerCentralErrorKind Kind { get; } = kind;

    public int? HttpStatus { get; } = httpStatus;

    public string? RequestId { get; } = requestId;

    public bool IsRetryable => Kind is PartnerCentralErrorKind.Throttling or PartnerCentralErrorKind.InternalServer or PartnerCentralErrorKind.Transient;
}
