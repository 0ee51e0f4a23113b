using Amazon.Runtime;

namespace Connector.PartnerCentral.Credentials;

/// <summary>An <see cref="IAwsCredentialSource"/> as the SDK's <see cref="AWSCredentials"/>: the SDK asks it for
/// every signature, so credentials the source refreshes are used as soon as they change.</summary>
internal sealed class SourceCredentials(IAwsCredentialSource source) : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() =>
        ToImmutable(source.GetCredentialsAsync(CancellationToken.None).GetAwaiter().GetResult());

    public override async Task<ImmutableCredentials> GetCredentialsAsync() =>
        ToImmutable(await source.GetCredentialsAsync(CancellationToken.None).ConfigureAwait(false));

    private static ImmutableCredentials ToImmutable(AwsCredentials credentials) =>
        new(credentials.AccessKey, credentials.SecretKey, credentials.Token);
}
