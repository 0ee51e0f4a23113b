using Connector.IntegrationTests.Infrastructure;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;
using Xunit.Abstractions;

namespace Connector.IntegrationTests.Reliability;

/// <summary>Half the writes throttled and one in ten failing with 500: the sync backs off and retries until
/// every change is synced, none failed and none sent twice.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ThrottleStormTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const int Seed = 4242;

    [Fact]
    public async Task Sync_SyncsEveryChange_WhenHalfTheCallsAreThrottledAndOneInTenFails()
    {
        await using var emulator = await EmulatorServer.StartAsync(Workload.EmulatorSettings([], writesPerSecond: 20, readsPerSecond: 20));
        emulator.SetFaults(new FaultSettings { Seed = Seed, ThrottlingProbability = 0.5, InternalServerErrorProbability = 0.1 });
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 40, assigns: 10);
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress, writesPerSecond: 20);
        environment["PartnerCentral__ReadsPerSecond"] = "20";
        // P(one attempt fails) = 0.1 + 0.9 × 0.5 = 0.55; 0.55^60 ≈ 3e-16: giving up is not a possible outcome.
        environment["Sync__MaxTransientAttempts"] = "60";
        environment["Sync__TransientBaseDelay"] = "00:00:00.100";
        environment["Sync__TransientMaxDelay"] = "00:00:00.500";

        var (exitCode, text) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(180), "sync");

        var figures = new CallLogFigures(emulator.Calls);
        var wrong = await changes.WrongStatusesAsync(database.ConnectionString);
        Figures.Report(output, $"throttle storm: seed {Seed}, {changes.Changes.Count} changes; {figures.Writes.Count} write calls, {figures.Throttled} throttled, " +
            $"{figures.Writes.Count(c => c.HttpStatus == 500)} answered 500, {figures.AcceptedWrites.Count} accepted; " +
            $"pace {figures.AcceptedWritesPerSecond():F2} accepted writes/s (quota 20/s); exit {exitCode}");
        Assert.True(exitCode == 0, $"sync exited {exitCode}:\n{text}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(figures.Throttled > 0 && figures.Writes.Any(c => c.HttpStatus == 500), "the storm did not happen");
        var resent = figures.ResentAfterSuccess();
        Assert.True(resent.Count == 0, "confirmed changes sent again:\n" + string.Join("\n", resent));
    }
}
