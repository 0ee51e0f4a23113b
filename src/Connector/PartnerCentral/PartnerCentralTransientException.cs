namespace Connector.PartnerCentral;

/// <summary>No usable answer: a timeout, a connection failure, a 5xx without a known error type or with an unreadable body. Retry with backoff.</summary>
public sealed class PartnerCentralTransientException(string message, string errorType, int? httpStatus, string? requestId, Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.Transient, httpStatus, requestId, innerException);
