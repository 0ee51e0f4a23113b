using System.Diagnostics;
using Connector.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;
using PartnerCentral.Emulator;
using Xunit.Abstractions;

namespace Connector.IntegrationTests.Reliability;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>kill -9 of a sending <c>connector sync</c> at random moments, restarted each time: nothing is lost and
/// nothing Partner Central confirmed is sent again (an interrupted call is reconciled with GetOpportunity).</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CrashRecoveryTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const int Seed = 20261123;

    private const int Kills = 20;

    [Fact]
    public async Task Sync_LosesNothingAndSendsNothingTwice_WhenKilledTwentyTimesWhileSending()
    {
        var workload = Workload.MissingIds(15).ToList();
        await using var emulator = await EmulatorServer.StartAsync(Workload.EmulatorSettings(workload, writesPerSecond: 20));
        var changes = await Workload.StageAsync(database.ConnectionString, emulator,
            associates: 150, assigns: 60, disassociateAssociated: 45, disassociateAbsent: 30, failing: 15);
        Assert.Equal(300, changes.Changes.Count);
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress, writesPerSecond: 20);
        environment["Sync__NotFoundRetries"] = "0";

        var random = new Random(Seed);
        Figures.Report(output, $"crash: seed {Seed}, {changes.Changes.Count} changes, emulator and connector at 20 writes/s");
        var clock = Stopwatch.StartNew();
        var kills = 0;
        for (var round = 0; round < Kills; round++)
        {
            var before = emulator.Calls.Count;
            await using var child = ConnectorProcess.Start(environment, "sync");
            // Kill while it is sending: after its first call, at a random moment within the next 0.8 s.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (emulator.Calls.Count == before && !child.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            if (child.HasExited)
            {
                break; // everything settled before the kill
            }

            Assert.True(DateTime.UtcNow < deadline, "the restarted sync made no call within 60 s:\n" + child.Output);
            await Task.Delay(random.Next(0, 800));
            child.Kill();
            kills++;
        }

        var (exitCode, finalOutput) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(180), "sync");

        var wrong = await changes.WrongStatusesAsync(database.ConnectionString);
        var figures = new CallLogFigures(emulator.Calls);
        var repeated = figures.RepeatedWrites + Math.Max(0, figures.Reads.Count - changes.ReadsNeeded);
        var unsent = changes.Changes.Where(c => c.Expected == "synced" && !figures.Writes.Any(w => w.Operation == c.Operation && w.OpportunityId == c.OpportunityId && w.EntityId == c.EntityId)).ToList();
        int abandoned;
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            abandoned = await connection.ExecuteScalarAsync<int>("select count(*)::int from connector.attempts where outcome = 'abandoned'");
        }

        Figures.Report(output, $"crash: {kills} kills in {clock.Elapsed.TotalSeconds:F0} s; {figures.Writes.Count} writes ({changes.WritesNeeded} needed), " +
            $"{figures.Reads.Count} reads ({changes.ReadsNeeded} needed); {repeated} repeated calls = {(double)repeated / Math.Max(1, kills):F2} per kill; " +
            $"{abandoned} interrupted calls reconciled by GetOpportunity; {figures.Throttled} throttled; final sync exit {exitCode}");
        Assert.Equal(Kills, kills);
        // Its own run may plan nothing new (earlier runs planned everything), so 0 or 1; never 2 or a crash.
        Assert.True(exitCode is 0 or 1, $"the final sync exited {exitCode}:\n{finalOutput}");
        Assert.True(unsent.Count == 0, "changes that needed a write never got one:\n" + string.Join("\n", unsent));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(0, await Workload.OpenCountAsync(database.ConnectionString));
        var resent = figures.ResentAfterSuccess();
        Assert.True(resent.Count == 0, "confirmed changes sent again:\n" + string.Join("\n", resent));
        Assert.All(figures.AcceptedWrites.GroupBy(c => (c.Operation, c.OpportunityId, c.EntityId)), g => Assert.Single(g));
    }
}
