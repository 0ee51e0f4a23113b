namespace Connector.TestSigning;

/// <summary>The four SigV4 steps put together: used by the client's signing handler and the emulator's verifier.</summary>
internal static class SigV4Signature
{
    public static string Compute(
        SigningInput input,
        IReadOnlyCollection<string> signedHeaders,
        string secretAccessKey,
        DateTimeOffset requestTime,
        string region,
        string service)
    {
        var canonical = CanonicalRequest.Build(input.Method, input.CanonicalUri, input.CanonicalQueryString, input.Headers, signedHeaders, input.PayloadHashHex);
        var scope = StringToSign.Scope(requestTime, region, service);
        var toSign = StringToSign.Build(requestTime, scope, canonical);
        var key = SigningKey.Derive(secretAccessKey, requestTime.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), region, service);
        return SigningKey.Sign(key, toSign);
    }

    /// <summary>The Authorization header value for a computed signature.</summary>
    public static string AuthorizationHeader(string accessKeyId, string scope, IEnumerable<string> signedHeaders, string signature) =>
        $"{StringToSign.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={CanonicalRequest.SignedHeadersValue(signedHeaders)}, Signature={signature}";
}
