using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PartnerCentral.Emulator.Auth;

/// <summary>The emulator's own SigV4 arithmetic (canonical request, string to sign, signing key), written apart
/// from the connector's client on purpose: a test oracle that shared the client's code could not catch its bugs.
/// Follows AWS's "Create a signed AWS API request" steps for non-S3 services.</summary>
internal static class SigV4Recompute
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string PayloadHash(byte[] body) => Hex(SHA256.HashData(body));

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <param name="headers">every header as received, any case, repeated names allowed</param>
    /// <param name="signedHeaders">the Authorization header's SignedHeaders, lower-case</param>
    public static string Signature(
        string method, string canonicalUri, IEnumerable<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers,
        IReadOnlyList<string> signedHeaders, string payloadHash, string secretAccessKey, DateTimeOffset time, string region, string service)
    {
        var byName = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(',', g.Select(h => Collapse(h.Value))), StringComparer.Ordinal);
        var names = signedHeaders.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(canonicalUri).Append('\n')
            .Append(string.Join('&', query
                .Select(q => (Key: Encode(q.Key), Value: Encode(q.Value)))
                .OrderBy(q => q.Key, StringComparer.Ordinal).ThenBy(q => q.Value, StringComparer.Ordinal)
                .Select(q => q.Key + "=" + q.Value))).Append('\n');
        foreach (var name in names)
        {
            canonical.Append(name).Append(':').Append(byName.GetValueOrDefault(name, string.Empty)).Append('\n');
        }

        canonical.Append('\n').Append(string.Join(';', names)).Append('\n').Append(payloadHash);

        var date = time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{AmzDate(time)}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~, as upper-case %XX of the UTF-8 bytes.</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    // Trimmed, runs of spaces as one (the canonical form of a header value).
    private static string Collapse(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
