using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Connector.TestSigning;

/// <summary>SigV4 step 2: the string to sign, over the hash of the canonical request.</summary>
internal static class StringToSign
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static string Build(DateTimeOffset requestTime, string credentialScope, string canonicalRequest) =>
        $"{Algorithm}\n{AmzDate(requestTime)}\n{credentialScope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Scope(DateTimeOffset requestTime, string region, string service) =>
        $"{requestTime.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{region}/{service}/aws4_request";

    /// <summary>The x-amz-date form: yyyyMMdd'T'HHmmss'Z'.</summary>
    public static string AmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string PayloadHash(ReadOnlySpan<byte> payload) => Hex(SHA256.HashData(payload));
}
