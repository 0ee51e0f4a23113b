namespace PartnerCentral.Emulator.Options;

/// <summary><c>Emulator:Sts</c>: the emulator's stand-ins for where temporary keys come from: AWS STS (<c>POST /sts</c>,
/// for the SDK's web identity and assume-role providers pointed at it with <c>AWS_ENDPOINT_URL_STS</c>), the container
/// credentials endpoint and the instance metadata service (<c>Api/RoleCredentialEndpoints</c>).</summary>
public sealed class StsOptions
{
    /// <summary>How long issued keys are accepted, by the emulator's clock (STS's own minimum is 15 minutes; shorter
    /// here, so tests see keys expire and the SDK refresh them).</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, the only web identity token AssumeRoleWithWebIdentity accepts; otherwise any non-empty one.</summary>
    public string? WebIdentityToken { get; set; }

    /// <summary>When set, the <c>Authorization</c> header the container credentials endpoint requires (what
    /// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> holds on ECS and EKS Pod Identity); otherwise none is needed.</summary>
    public string? ContainerAuthorizationToken { get; set; }

    /// <summary>When set, the only SSO access token (<c>x-amz-sso_bearer_token</c>) the role credentials endpoint
    /// accepts; otherwise any non-empty one.</summary>
    public string? SsoAccessToken { get; set; }
}
