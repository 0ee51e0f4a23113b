using System.Security.Cryptography;
using System.Text;

namespace Connector.TestSigning;

/// <summary>SigV4 step 3: the signing key, derived from the secret through date, region and service.</summary>
internal static class SigningKey
{
    public static byte[] Derive(string secretAccessKey, string date, string region, string service)
    {
        var kDate = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        var kRegion = Hmac(kDate, region);
        var kService = Hmac(kRegion, service);
        return Hmac(kService, "aws4_request");
    }

    /// <summary>SigV4 step 4: the signature, lower-case hex.</summary>
    public static string Sign(byte[] signingKey, string stringToSign) =>
        StringToSign.Hex(Hmac(signingKey, stringToSign));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
