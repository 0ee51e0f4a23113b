using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Connector.PartnerCentral.Credentials;

/// <summary>The standard AWS credential chain of AWSSDK.Core (environment variables, shared profile incl. SSO and
/// assume-role, web identity, container and instance roles). The resolved <see cref="AWSCredentials"/> object is kept:
/// the SDK's temporary credentials refresh themselves before they expire, so each call asks it again.</summary>
/// <remarks>What it returns is kept for <see cref="ReuseFor"/>: the SDK reads its credentials more than once while it
/// signs one request, and temporary credentials that refresh between two reads would pair one key with another
/// key's session token (the service refuses that as an unknown token). The SDK already stops using keys a minute
/// before they expire, so reusing them for a second more is safe.</remarks>
public sealed class AwsSdkCredentialSource : IAwsCredentialSource
{
    /// <summary>How long one answer of the SDK's credentials is reused.</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(1);

    private AWSCredentials? _resolved;
    private Cached? _last;

    public async Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _last) is { } last && System.Diagnostics.Stopwatch.GetElapsedTime(last.Timestamp) < ReuseFor)
        {
            return last.Credentials;
        }

        var resolved = _resolved;
        if (resolved is null)
        {
            try
            {
                resolved = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonClientException e)
            {
                throw new CredentialsNotFoundException($"No AWS credentials found. {CredentialsNotFoundException.WhatToSet}", e);
            }

            // A failed resolution is not remembered: the next attempt searches the chain again.
            _resolved = resolved;
        }

        ImmutableCredentials current;
        try
        {
            current = await resolved.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            // e.g. an expired SSO session or an unreachable role endpoint; the SDK's message names no secret.
            throw new CredentialsNotFoundException(
                $"AWS credentials from {resolved.GetType().Name} could not be obtained: {FirstLine(e.Message)} {CredentialsNotFoundException.WhatToSet}", e);
        }

        if (string.IsNullOrEmpty(current.AccessKey) || string.IsNullOrEmpty(current.SecretKey))
        {
            throw new CredentialsNotFoundException($"The AWS credentials found are empty. {CredentialsNotFoundException.WhatToSet}");
        }

        var credentials = new AwsCredentials(current.AccessKey, current.SecretKey, string.IsNullOrEmpty(current.Token) ? null : current.Token);
        Volatile.Write(ref _last, new Cached(credentials, System.Diagnostics.Stopwatch.GetTimestamp()));
        return credentials;
    }

    /// <summary>Refreshing credentials (web identity, assume-role, SSO, container, instance) drop their cached keys;
    /// the chain is searched again, so keys changed in the environment or a profile are found too.</summary>
    public void Invalidate()
    {
        Volatile.Write(ref _last, null);
        if (Interlocked.Exchange(ref _resolved, null) is RefreshingAWSCredentials refreshing)
        {
            refreshing.ClearCredentials();
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }

    /// <summary>One answer and when it was read: replaced whole, so a reader never sees half of another.</summary>
    private sealed record Cached(AwsCredentials Credentials, long Timestamp);
}
