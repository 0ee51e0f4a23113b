using Connector.PartnerCentral.Credentials;

namespace Connector.Tests.PartnerCentral;

public sealed class StaticCredentialSource(AwsCredentials credentials) : IAwsCredentialSource
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public int Calls { get; private set; }

    public int Invalidations { get; private set; }

    public void Invalidate() => Invalidations++;

    public static StaticCredentialSource Example(string? token = null) => new(new AwsCredentials(AccessKey, SecretKey, token));

    public Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(credentials);
    }
}
