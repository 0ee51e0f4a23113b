namespace Connector.TestSigning;

/// <summary>What SigV4 signs of a request: method, canonical URI and query, headers, payload hash.</summary>
internal sealed record SigningInput(
    string Method,
    string CanonicalUri,
    string CanonicalQueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHashHex);
