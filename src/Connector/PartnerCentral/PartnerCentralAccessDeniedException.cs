namespace Connector.PartnerCentral;

/// <summary>AccessDeniedException (403): IAM or account linkage. Stop the run and alert; retrying burns slots.</summary>
public sealed class PartnerCentralAccessDeniedException(
    string message,
    string errorType,
    int? httpStatus,
    string? requestId,
    string? reason,
    Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.AccessDenied, httpStatus, requestId, innerException)
{
    /// <summary>The API's Reason, e.g. <c>INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE</c>; null when not given.</summary>
    public string? Reason { get; } = reason;
}
