namespace Connector.PartnerCentral;

public sealed class PartnerCentralAccessDeniedException(string message, string? reason, int? httpStatus, string? requestId)
    : PartnerCentralException("AccessDeniedException", PartnerCentralErrorKind.AccessDenied, message, httpStatus, requestId)
{
    public string? Reason { get; } = reason;
}
