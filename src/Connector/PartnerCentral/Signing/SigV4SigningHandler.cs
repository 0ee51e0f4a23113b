using Connector.PartnerCentral.Credentials;
using Microsoft.Extensions.Options;

namespace Connector.PartnerCentral.Signing;

/// <summary>Signs every request with SigV4 as it goes out. Each attempt is signed afresh (new x-amz-date, current
/// credentials), and any signature from an earlier attempt of the same message is removed first, so a retry
/// anywhere outside this handler never sends a stale signature.</summary>
/// <remarks>Signed headers: host, content-type, x-amz-target, x-amz-date, x-amz-content-sha256 and, with temporary
/// credentials, x-amz-security-token. x-amz-content-sha256 is what the official JS signer adds by default and what
/// the AWS SDK for JavaScript v3 sends to this service; the golden test compares with it byte for byte.</remarks>
public sealed class SigV4SigningHandler(IAwsCredentialSource credentialSource, IOptions<PartnerCentralOptions> options, TimeProvider timeProvider)
    : DelegatingHandler
{
    public const string SigningName = "partnercentral-selling";

    internal const string AmzDateHeader = "X-Amz-Date";
    internal const string SecurityTokenHeader = "X-Amz-Security-Token";
    internal const string ContentSha256Header = "X-Amz-Content-Sha256";
    internal const string TargetHeader = "X-Amz-Target";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = await credentialSource.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        Sign(request, credentials, await PayloadAsync(request, cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Sign(HttpRequestMessage request, AwsCredentials credentials, byte[] payload)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A request to sign needs an absolute RequestUri.");

        // SigV4 has one-second resolution; the JS signer drops the milliseconds the same way.
        var now = timeProvider.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        request.Headers.Authorization = null;
        request.Headers.Remove(AmzDateHeader);
        request.Headers.Remove(SecurityTokenHeader);
        request.Headers.Remove(ContentSha256Header);

        var payloadHash = StringToSign.PayloadHash(payload);
        request.Headers.TryAddWithoutValidation(AmzDateHeader, StringToSign.AmzDate(now));
        request.Headers.TryAddWithoutValidation(ContentSha256Header, payloadHash);
        if (credentials.HasToken)
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.Token);
        }

        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", request.Headers.Host ?? HostHeaderValue(uri)),
            new("x-amz-date", StringToSign.AmzDate(now)),
            new("x-amz-content-sha256", payloadHash),
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }

        if (request.Headers.TryGetValues(TargetHeader, out var targets))
        {
            headers.AddRange(targets.Select(t => new KeyValuePair<string, string>("x-amz-target", t)));
        }

        if (credentials.HasToken)
        {
            headers.Add(new("x-amz-security-token", credentials.Token!));
        }

        var signedHeaders = headers.Select(h => h.Key).Distinct().ToList();
        var input = new SigningInput(request.Method.Method, CanonicalPath(uri), CanonicalQuery(uri), headers, payloadHash);
        var region = options.Value.Region;
        var signature = SigV4Signature.Compute(input, signedHeaders, credentials.SecretKey, now, region, SigningName);
        var scope = StringToSign.Scope(now, region, SigningName);
        request.Headers.TryAddWithoutValidation("Authorization", SigV4Signature.AuthorizationHeader(credentials.AccessKey, scope, signedHeaders, signature));
    }

    private static async Task<byte[]> PayloadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null)
        {
            return [];
        }

        // Buffered so that the bytes hashed are the bytes sent, and can be read again on a re-sent message.
        await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Host header HttpClient will send: the port only when it is not the scheme's default.</summary>
    private static string HostHeaderValue(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";

    /// <summary>The path as sent, normalised and encoded once more, as the AWS signers do for every service but S3.</summary>
    internal static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else
            {
                segments.Add(UriEncoding.Encode(segment));
            }
        }

        var trailing = segments.Count > 0 && path.EndsWith('/') ? "/" : string.Empty;
        return "/" + string.Join('/', segments) + trailing;
    }

    internal static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        return CanonicalRequest.QueryString(query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            return new KeyValuePair<string, string>(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        }));
    }
}
