namespace Connector.PartnerCentral;

/// <summary>InternalServerException (500): the service failed; retry with backoff.</summary>
public sealed class PartnerCentralInternalServerException(string message, string errorType, int? httpStatus, string? requestId, Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.InternalServer, httpStatus, requestId, innerException);
