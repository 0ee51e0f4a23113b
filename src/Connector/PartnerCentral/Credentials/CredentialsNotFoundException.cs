namespace Connector.PartnerCentral.Credentials;

/// <summary>The AWS credential chain found nothing usable. The message is one line saying what to set (the CLI prints
/// it and exits 2); the SDK's per-provider details are in the inner exception.</summary>
public sealed class CredentialsNotFoundException(string message, Exception? innerException = null)
    : PartnerCentralCredentialsException(message, ErrorTypeName, httpStatus: null, requestId: null, innerException)
{
    public const string ErrorTypeName = "CredentialsNotFound";

    public const string WhatToSet =
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), " +
        "or AWS_PROFILE naming a profile in ~/.aws/credentials or ~/.aws/config (for SSO run 'aws sso login --profile <name>'), " +
        "or run where a web identity token, container or instance role provides them.";
}
