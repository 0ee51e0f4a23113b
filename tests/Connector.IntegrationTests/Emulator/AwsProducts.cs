using System.Text.Json;
using Connector.PartnerCentral;

namespace Connector.IntegrationTests.Emulator;

/// <summary>Real AWS product identifiers from the list the validator uses, for tests that need many of them.</summary>
internal static class AwsProducts
{
    public static IReadOnlyList<string> Take(int count)
    {
        using var stream = typeof(AwsProductCatalog).Assembly.GetManifestResourceStream("aws_products.json")!;
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateArray().Select(p => p.GetProperty("Identifier").GetString()!).Take(count).ToList();
    }
}
