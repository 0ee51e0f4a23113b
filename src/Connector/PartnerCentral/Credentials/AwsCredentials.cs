namespace Connector.PartnerCentral.Credentials;

/// <summary>One immutable set of AWS credentials, as used for one signature. ToString never shows the secret or
/// the token, so a stray log line or exception message cannot leak them.</summary>
public sealed record AwsCredentials(string AccessKey, string SecretKey, string? Token)
{
    public bool HasToken => !string.IsNullOrEmpty(Token);

    public override string ToString() =>
        $"AwsCredentials {{ AccessKey = {AccessKey}, SecretKey = ***, Token = {(HasToken ? "***" : "none")} }}";
}
