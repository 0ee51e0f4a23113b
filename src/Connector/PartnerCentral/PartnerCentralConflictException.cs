namespace Connector.PartnerCentral;

/// <summary>ConflictException (409): not declared for the operations we call, mapped in case it comes.</summary>
public sealed class PartnerCentralConflictException(string message, string errorType, int? httpStatus, string? requestId, Exception? innerException = null)
    : PartnerCentralException(message, errorType, PartnerCentralErrorKind.Conflict, httpStatus, requestId, innerException);
