namespace Connector.PartnerCentral;

public enum PartnerCentralErrorKind
{
    Validation,
    AccessDenied,
    ResourceNotFound,
    Throttling,
    InternalServer,
    Conflict,
    ServiceQuotaExceeded,
    Credentials,
    Transient,
}
