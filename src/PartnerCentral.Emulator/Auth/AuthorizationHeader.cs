using System.Diagnostics.CodeAnalysis;

namespace PartnerCentral.Emulator.Auth;

/// <summary>The parts of a SigV4 Authorization header:
/// <c>AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/service/aws4_request, SignedHeaders=a;b, Signature=hex</c>.</summary>
internal sealed record AuthorizationHeader(
    string AccessKeyId,
    string ScopeDate,
    string ScopeRegion,
    string ScopeService,
    string ScopeTerminator,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public string Scope => $"{ScopeDate}/{ScopeRegion}/{ScopeService}/{ScopeTerminator}";

    /// <summary>Parses the header; on failure <paramref name="problem"/> says what is missing, in the words
    /// AWS uses for IncompleteSignatureException.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out AuthorizationHeader? header, [NotNullWhen(false)] out string? problem)
    {
        header = null;
        var prefix = SigV4Recompute.Algorithm + " ";
        if (!value.StartsWith(prefix, StringComparison.Ordinal))
        {
            problem = $"Authorization header requires the {SigV4Recompute.Algorithm} algorithm.";
            return false;
        }

        var parts = value[prefix.Length..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);

        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!parts.TryGetValue(required, out var part) || part.Length == 0)
            {
                problem = $"Authorization header requires '{required}' parameter.";
                return false;
            }
        }

        var credential = parts["Credential"].Split('/');
        if (credential.Length != 5 || credential.Any(c => c.Length == 0))
        {
            problem = "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.";
            return false;
        }

        header = new AuthorizationHeader(
            credential[0], credential[1], credential[2], credential[3], credential[4],
            parts["SignedHeaders"].Split(';', StringSplitOptions.RemoveEmptyEntries),
            parts["Signature"]);
        problem = null;
        return true;
    }
}
