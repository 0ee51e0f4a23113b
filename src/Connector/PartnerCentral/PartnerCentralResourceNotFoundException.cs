namespace Connector.PartnerCentral;

/// <summary>ResourceNotFoundException (404): the opportunity or entity is unknown in that catalog; it may be new, so retry a few times later before failing.</summary>
public sealed class PartnerCentralResourceNotFoundException(string message, string errorType, int? httpStatus, string? requestId, Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.ResourceNotFound, httpStatus, requestId, innerException);
