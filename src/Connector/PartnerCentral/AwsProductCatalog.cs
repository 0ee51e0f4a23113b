using System.Collections.Frozen;
using System.Text.Json;

namespace Connector.PartnerCentral;

/// <summary>The valid AWS product identifiers (shipped as an embedded copy of shared/reference/aws_products.json).</summary>
public static class AwsProductCatalog
{
    private static readonly Lazy<FrozenSet<string>> Identifiers = new(Load);

    public static bool Contains(string identifier) => Identifiers.Value.Contains(identifier);

    public static int Count => Identifiers.Value.Count;

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(AwsProductCatalog).Assembly.GetManifestResourceStream("aws_products.json")
            ?? throw new InvalidOperationException("The embedded AWS product list is missing from the build.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateArray()
            .Select(product => product.GetProperty("Identifier").GetString()!)
            .ToFrozenSet(StringComparer.Ordinal);
    }
}
