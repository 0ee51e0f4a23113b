namespace PartnerCentral.Emulator.Options;

/// <summary><c>Emulator:Sts</c>: the emulator's stand-in for AWS STS (<c>POST /sts</c>), for the SDK's web identity
/// and assume-role credential providers pointed at it with <c>AWS_ENDPOINT_URL_STS</c>.</summary>
public sealed class StsOptions
{
    /// <summary>How long issued keys are accepted, by the emulator's clock (STS's own minimum is 15 minutes; shorter
    /// here, so tests see keys expire and the SDK refresh them).</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, the only web identity token AssumeRoleWithWebIdentity accepts; otherwise any non-empty one.</summary>
    public string? WebIdentityToken { get; set; }
}
