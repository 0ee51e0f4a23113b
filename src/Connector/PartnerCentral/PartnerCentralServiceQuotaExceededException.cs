namespace Connector.PartnerCentral;

/// <summary>ServiceQuotaExceededException (402): not declared for the operations we call, mapped in case it comes.</summary>
public sealed class PartnerCentralServiceQuotaExceededException(string message, string errorType, int? httpStatus, string? requestId, Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.ServiceQuotaExceeded, httpStatus, requestId, innerException);
