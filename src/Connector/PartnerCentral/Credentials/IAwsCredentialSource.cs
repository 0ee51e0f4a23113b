namespace Connector.PartnerCentral.Credentials;

/// <summary>Where the SDK client gets credentials (<see cref="SourceCredentials"/>): asked for every signature, so
/// temporary credentials that the source refreshes are picked up without restarting.</summary>
public interface IAwsCredentialSource
{
    /// <exception cref="CredentialsNotFoundException">No credentials can be found.</exception>
    Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);

    /// <summary>Forget cached credentials, so that the next call obtains new ones (the service said the token
    /// expired before the source thought it would).</summary>
    void Invalidate()
    {
    }
}
