namespace PartnerCentral.Emulator.Options;

/// <summary>The errors a fault rule can inject, each answered exactly as the real service answers it.</summary>
public enum FaultKind
{
    InternalServer,
    Throttling,
    AccessDenied,
    ResourceNotFound,
    Validation,

    /// <summary>Not an error: the call succeeds, but a GetOpportunity answer carries <c>LastModifiedDate</c> as an
    /// epoch number no date can hold (1e20), as a broken proxy or a service bug could, for the client's robustness.</summary>
    MalformedAnswer,
}
