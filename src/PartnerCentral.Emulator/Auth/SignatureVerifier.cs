using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PartnerCentral.Emulator.Protocol;

namespace PartnerCentral.Emulator.Auth;

/// <summary>Checks a request's SigV4 signature the way the service does: parse the Authorization header, look
/// the key up, check scope and clock skew, then recompute the signature over the request as received with the
/// emulator's own SigV4 steps (<see cref="SigV4Recompute"/>, independent of the connector's client). Strict as a test
/// oracle: the operation (<c>X-Amz-Target</c>) and a session token must be signed. Returns the error to answer, or
/// null when the request is genuine.</summary>
internal sealed class SignatureVerifier(CredentialStore credentials, [FromKeyedServices(EmulatorClock.Key)] TimeProvider clock)
{
    public const string Region = "us-east-1";
    public const string Service = "partnercentral-selling";

    /// <summary>AWS allows 5 minutes between the signer's clock and its own.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public AwsError? Verify(HttpRequest request, byte[] body, string service = Service)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return AwsErrors.MissingAuthenticationToken();
        }

        if (!AuthorizationHeader.TryParse(authorization, out var header, out var problem))
        {
            return AwsErrors.IncompleteSignature(problem);
        }

        var credential = credentials.Find(header.AccessKeyId);
        if (credential is null || !SessionTokenMatches(request, credential.SessionToken))
        {
            return AwsErrors.UnrecognizedClient();
        }

        var temporary = credentials.FindIssued(header.AccessKeyId);
        if (temporary is not null && clock.GetUtcNow() >= temporary.Expires)
        {
            return AwsErrors.ExpiredToken();
        }

        var signed = header.SignedHeaders.Select(h => h.ToLowerInvariant()).ToList();
        if (!signed.Contains("host"))
        {
            return AwsErrors.IncompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (!signed.Contains("x-amz-date"))
        {
            return AwsErrors.IncompleteSignature("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        }

        // Unsigned, the operation or the token could be swapped by anyone who saw the request on its way.
        if (request.Headers.ContainsKey("x-amz-target") && !signed.Contains("x-amz-target"))
        {
            return AwsErrors.InvalidSignature("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (request.Headers.ContainsKey("x-amz-security-token") && !signed.Contains("x-amz-security-token"))
        {
            return AwsErrors.InvalidSignature("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization when it is sent.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var requestTime))
        {
            return AwsErrors.IncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        var scopeError = CheckScope(header, requestTime, service);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var skewError = CheckSkew(amzDate, requestTime);
        if (skewError is not null)
        {
            return skewError;
        }

        var bodyHash = SigV4Recompute.PayloadHash(body);
        var declaredHash = request.Headers["x-amz-content-sha256"].ToString();
        if (declaredHash.Length > 0 && !string.Equals(declaredHash, bodyHash, StringComparison.OrdinalIgnoreCase))
        {
            return AwsErrors.InvalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var expected = SigV4Recompute.Signature(
            request.Method,
            CanonicalUri(request.Path),
            request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? string.Empty))),
            request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? string.Empty))),
            signed,
            declaredHash.Length > 0 ? declaredHash.ToLowerInvariant() : bodyHash,
            credential.SecretAccessKey, requestTime, Region, service);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(header.Signature)))
        {
            return AwsErrors.SignatureDoesNotMatch();
        }

        temporary?.RecordUse();
        return null;
    }

    private static bool SessionTokenMatches(HttpRequest request, string? expected)
    {
        var sent = request.Headers["x-amz-security-token"].ToString();
        if (string.IsNullOrEmpty(expected))
        {
            return sent.Length == 0;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));
    }

    private static AwsError? CheckScope(AuthorizationHeader header, DateTimeOffset requestTime, string service)
    {
        var date = requestTime.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (header.ScopeDate != date)
        {
            return AwsErrors.InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{header.ScopeDate}' != '{date}', from '{SigV4Recompute.AmzDate(requestTime)}'.");
        }

        if (header.ScopeRegion != Region)
        {
            return AwsErrors.InvalidSignature($"Credential should be scoped to a valid region, not '{header.ScopeRegion}'.");
        }

        if (header.ScopeService != service)
        {
            return AwsErrors.InvalidSignature($"Credential should be scoped to correct service: '{service}'.");
        }

        return header.ScopeTerminator == "aws4_request"
            ? null
            : AwsErrors.InvalidSignature($"Credential should be scoped with a valid terminator: 'aws4_request', not '{header.ScopeTerminator}'.");
    }

    /// <summary>The messages are AWS's, so SDKs recognise them as clock skew and correct their clocks.</summary>
    private AwsError? CheckSkew(string amzDate, DateTimeOffset requestTime)
    {
        var now = clock.GetUtcNow();
        if (requestTime < now - MaxSkew)
        {
            return AwsErrors.InvalidSignature(
                $"Signature expired: {amzDate} is now earlier than {SigV4Recompute.AmzDate(now - MaxSkew)} ({SigV4Recompute.AmzDate(now)} - 5 min.)");
        }

        if (requestTime > now + MaxSkew)
        {
            return AwsErrors.InvalidSignature(
                $"Signature not yet current: {amzDate} is still later than {SigV4Recompute.AmzDate(now + MaxSkew)} ({SigV4Recompute.AmzDate(now)} + 5 min.)");
        }

        return null;
    }

    /// <summary>Non-S3 SigV4 encodes each path segment twice: once as the signer's request path already is,
    /// once more by the signer. ASP.NET hands the path decoded, so encode twice here.</summary>
    private static string CanonicalUri(PathString path)
    {
        var value = path.HasValue ? path.Value! : "/";
        return string.Join('/', value.Split('/').Select(segment => SigV4Recompute.Encode(SigV4Recompute.Encode(segment))));
    }
}
