using Xunit.Abstractions;

namespace Connector.IntegrationTests.Reliability;

/// <summary>Prints a scenario's figure to the test output and as a plain stdout line (for CI logs).</summary>
internal static class Figures
{
    public static void Report(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        Console.WriteLine("[reliability] " + line);
    }
}
