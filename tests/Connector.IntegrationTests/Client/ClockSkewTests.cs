using Connector.PartnerCentral;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Client;

/// <summary>A client whose clock is wrong by more than the 5 minutes SigV4 allows: the service answers
/// InvalidSignatureException "Signature expired" (or "not yet current"); the SDK corrects its clock from the answer
/// and signs again, so the call succeeds instead of pausing the sync as for bad credentials.</summary>
public sealed class ClockSkewTests
{
    [Theory]
    [InlineData("00:20:00")]
    [InlineData("-00:20:00")]
    public async Task GetOpportunityAsync_CorrectsClockAndSucceeds_WhenEmulatorClockIsOffset(string offset)
    {
        await using var emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:ClockOffset"] = offset });
        emulator.Seed(new SeedOpportunity { Id = "O9001" });
        using var host = SdkClientHost.WithExampleKey(emulator.BaseAddress);

        var first = await host.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O9001"), CancellationToken.None);
        var second = await host.Client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest("AWS", "O9001", RelatedEntityType.Solutions, "S-1"), CancellationToken.None);

        Assert.Equal("O9001", first.Id);
        Assert.Equal(200, second.HttpStatus);
        var calls = emulator.Calls;

        // One rejected attempt, then signed at the corrected time; the write after it is right the first time.
        Assert.Equal(["InvalidSignatureException", null, null], calls.Select(c => c.ErrorType));
        Assert.Equal([403, 200, 200], calls.Select(c => c.HttpStatus));
    }

    [Fact]
    public async Task GetOpportunityAsync_SucceedsFirstTime_WhenEmulatorClockIsWithinFiveMinutes()
    {
        // Guards the test above: an offset inside the allowance causes no rejected attempt.
        await using var emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:ClockOffset"] = "00:02:00" });
        emulator.Seed(new SeedOpportunity { Id = "O9002" });
        using var host = SdkClientHost.WithExampleKey(emulator.BaseAddress);

        await host.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O9002"), CancellationToken.None);

        Assert.Equal([200], emulator.Calls.Select(c => c.HttpStatus));
    }
}
