namespace PartnerCentral.Emulator.Options;

/// <summary>Everything under the <c>Emulator</c> configuration section. Lists start empty because the
/// configuration binder appends to a pre-filled list instead of replacing it; defaults are applied in code.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>Accepted credentials; when none are configured the AWS documentation's example pair is accepted.</summary>
    public List<CredentialOptions> Credentials { get; set; } = [];

    public OpportunityOptions Opportunities { get; set; } = new();

    public QuotaSettings Quotas { get; set; } = new();

    public FaultSettings Faults { get; set; } = new();

    /// <summary>Lets non-loopback callers use the control API when they send it in <c>X-Emulator-Token</c>.
    /// Null (the default) keeps the control API loopback-only.</summary>
    public string? ControlToken { get; set; }

    /// <summary>How far the emulator's clock is ahead of the machine's (negative: behind), e.g. <c>00:20:00</c>. Signatures
    /// are checked against it and every answer's <c>Date</c> header shows it, as a server would whose clock differs
    /// from the client's. A clock given by a test (EmulatorServer) takes precedence.</summary>
    public TimeSpan ClockOffset { get; set; }

    public StsOptions Sts { get; set; } = new();

    /// <summary>Assignee emails that are not users of the account (matched without regard to case): AssignOpportunity
    /// naming one is refused with a ValidationException on <c>Assignee.Email</c>. Partner Central has no API that
    /// lists its users, so this is how a client meets an unknown one.</summary>
    public List<string> UnknownAssignees { get; set; } = [];

    /// <summary>The account's partner solutions, as ListSolutions lists them. Empty (the default): every well-formed
    /// solution id can be associated and ListSolutions lists none; once any is configured, an associate of a listed
    /// solution that is not <c>Active</c> is refused (drafts and inactive solutions are, by the service).</summary>
    public List<SolutionOptions> Solutions { get; set; } = [];

    /// <summary>The account shown in opportunity ARNs.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>How many calls the call log keeps (oldest dropped first).</summary>
    public int CallLogCapacity { get; set; } = 10_000;
}
