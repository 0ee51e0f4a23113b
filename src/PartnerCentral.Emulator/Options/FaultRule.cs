namespace PartnerCentral.Emulator.Options;

/// <summary>A deterministic fault: calls matching the opportunity (and, when given, the entity, operation and
/// catalog) fail with <see cref="Error"/>. <see cref="Times"/> null means always; otherwise the next N matching
/// calls fail and later ones go through.</summary>
public sealed class FaultRule
{
    public string OpportunityId { get; set; } = string.Empty;

    public string? EntityId { get; set; }

    /// <summary>AssociateOpportunity, DisassociateOpportunity, AssignOpportunity or GetOpportunity; null = any.</summary>
    public string? Operation { get; set; }

    public string? Catalog { get; set; }

    public FaultKind Error { get; set; } = FaultKind.InternalServer;

    public int? Times { get; set; }

    /// <summary>AccessDenied: the Reason member (e.g. INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE); Validation: the
    /// Reason (default BUSINESS_VALIDATION_FAILED).</summary>
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public FaultRule Clone() => (FaultRule)MemberwiseClone();
}
