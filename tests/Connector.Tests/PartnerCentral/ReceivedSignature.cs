using System.Globalization;
using System.Text.RegularExpressions;
using Connector.TestSigning;

namespace Connector.Tests.PartnerCentral;

/// <summary>Server-side check of a received request's SigV4 signature, as a verifier would do it: recompute from
/// what arrived on the wire (headers named in SignedHeaders, body bytes) and compare.</summary>
public static partial class ReceivedSignature
{
    public static bool IsValid(ReceivedRequest request, string secretKey, string region = "us-east-1", string service = "partnercentral-selling")
    {
        var match = AuthorizationPattern().Match(request.Header("Authorization") ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        var time = DateTimeOffset.ParseExact(request.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var headers = signedHeaders.Select(h => new KeyValuePair<string, string>(h, request.Header(h) ?? string.Empty)).ToList();
        var input = new SigningInput(request.Method, request.PathAndQuery.Split('?')[0], string.Empty, headers, StringToSign.PayloadHash(request.Body));
        var expected = SigV4Signature.Compute(input, signedHeaders, secretKey, time, region, service);
        return match.Groups["scope"].Value == StringToSign.Scope(time, region, service) && match.Groups["signature"].Value == expected;
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/]+/(?<scope>[^,]+), SignedHeaders=(?<signed>[^,]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
