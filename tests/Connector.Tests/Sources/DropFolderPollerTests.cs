using Connector.Sources;

namespace Connector.Tests.Sources;

public class DropFolderPollerTests
{
    [Theory]
    [InlineData("20261123T181100123Z-0a1b2c3d-partners.csv", "partners.csv")]
    [InlineData("20261123T181100123Z-0a1b2c3d-20261123T181100123Z-ffffffff-x y ü.csv", "20261123T181100123Z-ffffffff-x y ü.csv")]
    [InlineData("put-here-by-hand.csv", "put-here-by-hand.csv")]
    public void OriginalName_StripsClaimPrefix_WhenNameWasClaimed(string claimed, string expected)
    {
        Assert.Equal(expected, DropFolderPoller.OriginalName(claimed));
    }
}
