using Connector.Host.Hosting;
using Connector.IntegrationTests.Infrastructure;
using Connector.Jobs;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PartnerCentral.Emulator;
using Xunit.Abstractions;

namespace Connector.IntegrationTests.Reliability;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>Three <c>connector serve</c> processes on one database, two lanes each, share one account: no change is
/// sent twice and the account's write pace is never exceeded in any one-second window.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ThreeServerTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const int Quota = 5;

    [Fact]
    public async Task Serve_NeverExceedsQuotaNorSendsTwice_WhenThreeServersShareOneDatabase()
    {
        await using var emulator = await EmulatorServer.StartAsync(Workload.EmulatorSettings([], writesPerSecond: Quota));
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 60, assigns: 15);
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress, writesPerSecond: Quota);
        // Lanes are account-wide (lane n is one advisory lock whichever server holds it): 6 lanes is 2 per server.
        environment["Sync__Lanes"] = "6";
        // Short drain slices hand the lanes back to Hangfire often, so they move between the three servers.
        environment["Sync__DrainSlice"] = "00:00:02";

        var servers = new List<ConnectorProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                servers.Add(ConnectorProcess.Start(environment, "serve"));
            }

            foreach (var server in servers)
            {
                await server.WaitForOutputAsync("Serving;", TimeSpan.FromSeconds(60));
            }

            // A manual trigger, as the dashboard's button sends it: any of the three may plan it.
            EnqueueSync(database.ConnectionString);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (await Workload.OpenCountAsync(database.ConnectionString) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "changes still open after 120 s:\n" + string.Join("\n---\n", servers.Select(s => s.Output[^Math.Min(2000, s.Output.Length)..])));
                Assert.All(servers, s => Assert.False(s.HasExited, "a server exited:\n" + s.Output));
                await Task.Delay(200);
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }

        var figures = new CallLogFigures(emulator.Calls);
        var wrong = await changes.WrongStatusesAsync(database.ConnectionString);
        var maxPerSecond = figures.MaxAcceptedWritesInAnySecond();
        var pace = figures.AcceptedWritesPerSecond();
        int serversSent;
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            serversSent = await connection.ExecuteScalarAsync<int>("select count(distinct server)::int from connector.attempts where is_write and outcome = 'ok'");
        }

        Figures.Report(output, $"three servers: {figures.AcceptedWrites.Count} accepted writes, max {maxPerSecond} in any 1 s window (quota {Quota}), " +
            $"{figures.Throttled} throttled, pace {pace:F2}/s = {pace / Quota:P0} of quota; {serversSent} of 3 servers sent (6 lanes); accepted writes per second: {figures.AcceptedWritesPerCalendarSecond()}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(maxPerSecond <= Quota, $"{maxPerSecond} writes in one second");
        Assert.True(figures.Throttled == 0, figures.ThrottleContext());
        var resent = figures.ResentAfterSuccess();
        Assert.True(resent.Count == 0, "confirmed changes sent again:\n" + string.Join("\n", resent));
        Assert.All(figures.AcceptedWrites.GroupBy(c => (c.Operation, c.OpportunityId, c.EntityId)), g => Assert.Single(g));
    }

    private static void EnqueueSync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Connector"] = connectionString }).Build();
        using var services = new ServiceCollection().AddLogging().AddConnectorApp(configuration, connectionString, runServer: false).BuildServiceProvider();
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("manual", CancellationToken.None));
    }
}
