using Connector.PartnerCentral.Credentials;

namespace Connector.IntegrationTests.Execution;

/// <summary>The AWS documentation's example key, which the emulator accepts by default: a true edge, not a mock.</summary>
internal sealed class StaticCredentials : IAwsCredentialSource
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AwsCredentials(AccessKey, SecretKey, null));
}
