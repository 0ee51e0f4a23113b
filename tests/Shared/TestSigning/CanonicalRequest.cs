using System.Text;

namespace Connector.TestSigning;

/// <summary>SigV4 step 1: the canonical request. Header names are lower-cased, values trimmed with inner runs of
/// spaces folded, headers sorted by name; repeated headers are joined with commas.</summary>
internal static class CanonicalRequest
{
    public static string Build(
        string method,
        string canonicalUri,
        string canonicalQueryString,
        IEnumerable<KeyValuePair<string, string>> headers,
        IReadOnlyCollection<string> signedHeaders,
        string payloadHashHex)
    {
        var signed = new HashSet<string>(signedHeaders.Select(h => h.ToLowerInvariant()), StringComparer.Ordinal);
        var canonicalHeaders = headers
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: FoldSpaces(h.Value)))
            .Where(h => signed.Contains(h.Name))
            .GroupBy(h => h.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);

        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(canonicalUri).Append('\n');
        builder.Append(canonicalQueryString).Append('\n');
        foreach (var header in canonicalHeaders)
        {
            builder.Append(header.Key).Append(':').Append(string.Join(',', header.Select(h => h.Value))).Append('\n');
        }

        builder.Append('\n');
        builder.Append(SignedHeadersValue(signedHeaders)).Append('\n');
        builder.Append(payloadHashHex);
        return builder.ToString();
    }

    /// <summary>The SignedHeaders list: lower-cased, sorted, ';'-separated.</summary>
    public static string SignedHeadersValue(IEnumerable<string> signedHeaders) =>
        string.Join(';', signedHeaders.Select(h => h.ToLowerInvariant()).Distinct().OrderBy(h => h, StringComparer.Ordinal));

    /// <summary>Canonical query string: parameters sorted by encoded name then value, RFC 3986 encoded.</summary>
    public static string QueryString(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Select(p => (Name: UriEncoding.Encode(p.Key), Value: UriEncoding.Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    private static string FoldSpaces(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        var previousSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ')
            {
                if (!previousSpace)
                {
                    builder.Append(c);
                }

                previousSpace = true;
            }
            else
            {
                builder.Append(c);
                previousSpace = false;
            }
        }

        return builder.ToString();
    }
}
