namespace Connector.PartnerCentral;

/// <summary>ThrottlingException (429, or any status whose error type says throttling, or an untyped 429): over a quota; retry with backoff.</summary>
public sealed class PartnerCentralThrottlingException(string message, string errorType, int? httpStatus, string? requestId, Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.Throttling, httpStatus, requestId, innerException);
