namespace Connector.PartnerCentral;

/// <summary>What a failed call means for a sync: the retry policy decides on this, never on message text.</summary>
public enum PartnerCentralErrorKind
{
    /// <summary>The request is wrong for what it is (ValidationException, or an unknown 4xx): do not retry as is.</summary>
    Validation,

    /// <summary>IAM or account linkage: stop the run and alert.</summary>
    AccessDenied,

    /// <summary>The opportunity or entity is unknown in that catalog: retry a few times later, then fail.</summary>
    ResourceNotFound,

    /// <summary>Over a quota: slow down and retry with backoff.</summary>
    Throttling,

    /// <summary>The service failed: retry with backoff.</summary>
    InternalServer,

    Conflict,

    ServiceQuotaExceeded,

    /// <summary>Missing, unrecognised, expired or wrongly signed credentials: treated like AccessDenied.</summary>
    Credentials,

    /// <summary>No usable answer (timeout, connection failure, 5xx without a known type): retry with backoff.</summary>
    Transient,
}
