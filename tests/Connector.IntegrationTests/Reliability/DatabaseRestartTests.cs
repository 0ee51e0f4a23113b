using System.Diagnostics;
using Connector.Database;
using Connector.Host.Postgres;
using Connector.IntegrationTests.Infrastructure;
using Npgsql;
using PartnerCentral.Emulator;
using Xunit.Abstractions;

namespace Connector.IntegrationTests.Reliability;

/// <summary>The database goes away for a few seconds while <c>connector sync</c> is sending, then comes back on the
/// same port: the run resumes by itself and every change ends synced, none sent twice.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Sync_ResumesUnattendedAndSyncsEverything_WhenDatabaseRestartsMidRun()
    {
        // Its own server: restarting the shared one would break every other test class.
        await using var postgres = await PrivatePostgres.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("reliability_restart");
        await MigrationRunner.ApplyAsync(connectionString, CancellationToken.None);
        await using var emulator = await EmulatorServer.StartAsync(Workload.EmulatorSettings([], writesPerSecond: 20));
        var changes = await Workload.StageAsync(connectionString, emulator, associates: 150, assigns: 30, disassociateAssociated: 15);
        var environment = ConnectorProcess.Environment(connectionString, emulator.BaseAddress, writesPerSecond: 20);

        await using var child = ConnectorProcess.Start(environment, "sync");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (emulator.Calls.Count < 40 && !child.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(child.HasExited, "the sync ended before the restart:\n" + child.Output);
        var callsBefore = emulator.Calls.Count;
        var clock = Stopwatch.StartNew();
        await postgres.RestartAsync(Downtime);
        var restartedAfter = clock.Elapsed;
        var exitCode = await child.WaitForExitAsync(TimeSpan.FromSeconds(180));
        // The test's own idle pooled connections died with the old server.
        await using (var stale = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(stale);
        }

        var resumedIn = emulator.Calls.Skip(callsBefore).Select(c => c.Time).DefaultIfEmpty().Max();

        var figures = new CallLogFigures(emulator.Calls);
        var wrong = await changes.WrongStatusesAsync(connectionString);
        Figures.Report(output, $"database restart: down {Downtime.TotalSeconds:F0} s (restart took {restartedAfter.TotalSeconds:F1} s) after {callsBefore} calls; " +
            $"sync finished {clock.Elapsed.TotalSeconds:F0} s after the restart began, exit {exitCode}; {figures.RepeatedWrites} repeated writes; " +
            $"{changes.Changes.Count - wrong.Count}/{changes.Changes.Count} as expected");
        Assert.True(exitCode == 0, $"sync exited {exitCode}:\n{child.Output}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(0, await Workload.OpenCountAsync(connectionString));
        Assert.True(resumedIn != default, "no call after the restart");
        var resent = figures.ResentAfterSuccess();
        Assert.True(resent.Count == 0, "confirmed changes sent again:\n" + string.Join("\n", resent));
    }
}
