namespace Connector.PartnerCentral.Signing;

/// <summary>What SigV4 signs of a request: method, canonical URI and query, headers, payload hash.</summary>
public sealed record SigningInput(
    string Method,
    string CanonicalUri,
    string CanonicalQueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHashHex);
