namespace Connector.Sources;

/// <summary>What one pass over a file's bytes learned: its SHA-256 and whether it can be CSV at all.</summary>
/// <param name="InvalidUtf8Line">The line of the first byte sequence that is not UTF-8, or null.</param>
internal sealed record ContentFacts(
    string Sha256,
    long Length,
    bool TooLarge,
    bool IsBlank,
    bool HasNul,
    bool HasUtf16Bom,
    int? InvalidUtf8Line);
