using Xunit.Sdk;

namespace Connector.IntegrationTests.Browser;

/// <summary>Without Chromium the browser tests must fail and say how to get it, not pass or skip quietly.</summary>
public sealed class HeadlessChromiumTests
{
    [Fact]
    public void Start_FailsAndPointsToCiRun_WhenChromiumIsMissing()
    {
        var empty = Directory.CreateTempSubdirectory("no-chromium-");
        try
        {
            var failure = Assert.Throws<FailException>(() => HeadlessChromium.Start([empty.FullName]).Dispose());

            Assert.Contains("Run .ci/run", failure.Message);
            Assert.Contains("chromium-driver", failure.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
