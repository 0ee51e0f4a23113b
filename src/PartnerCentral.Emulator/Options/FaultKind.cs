namespace PartnerCentral.Emulator.Options;

/// <summary>The errors a fault rule can inject, each answered exactly as the real service answers it.</summary>
public enum FaultKind
{
    InternalServer,
    Throttling,
    AccessDenied,
    ResourceNotFound,
    Validation,
}
