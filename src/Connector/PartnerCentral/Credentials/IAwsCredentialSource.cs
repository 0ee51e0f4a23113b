namespace Connector.PartnerCentral.Credentials;

/// <summary>Where the signing handler gets credentials: asked once per attempt, so temporary credentials that the
/// source refreshes are picked up without restarting.</summary>
public interface IAwsCredentialSource
{
    /// <exception cref="CredentialsNotFoundException">No credentials can be found.</exception>
    Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
