namespace PartnerCentral.Emulator.Options;

/// <summary>One accepted access key. With a SessionToken, requests must carry it in <c>X-Amz-Security-Token</c>
/// (temporary credentials); without one, a request carrying a token is refused like an unknown token.</summary>
public sealed class CredentialOptions
{
    public const string ExampleAccessKeyId = "AKIDEXAMPLE";
    public const string ExampleSecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public string AccessKeyId { get; set; } = string.Empty;

    public string SecretAccessKey { get; set; } = string.Empty;

    public string? SessionToken { get; set; }
}
