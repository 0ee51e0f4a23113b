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

/// <summary>Three <c>connector serve</c> processes on one database, two lanes each, share one account (the busiest is
/// killed halfway and the others take over): no change is sent twice and the account's write pace is never exceeded
/// in any one-second window.</summary>
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
            ConnectorProcess? killed = null;
            while (await Workload.OpenCountAsync(database.ConnectionString) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "changes still open after 120 s:\n" + string.Join("\n---\n", servers.Select(s => s.Output[^Math.Min(2000, s.Output.Length)..])));
                Assert.All(servers.Where(s => s != killed), s => Assert.False(s.HasExited, "a server exited:\n" + s.Output));
                // Hangfire wakes the enqueuing server's own workers first, so the lanes tend to stay where they were
                // planned. Halfway, kill -9 the server that sends most and trigger again: the others take over.
                if (killed is null && emulator.Calls.Count(c => c.HttpStatus == 200) >= changes.Changes.Count / 2)
                {
                    var busiest = await BusiestServerPidAsync(database.ConnectionString);
                    killed = servers.Single(s => s.Id == busiest);
                    killed.Kill();
                    EnqueueSync(database.ConnectionString);
                }

                await Task.Delay(200);
            }

            Assert.True(killed is not null, "the run ended before the takeover");
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
            $"{figures.Throttled} throttled, pace {pace:F2}/s = {pace / Quota:P0} of quota; {serversSent} of 3 servers sent (6 lanes; the busiest killed halfway); accepted writes per second: {figures.AcceptedWritesPerCalendarSecond()}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(serversSent >= 2, $"only {serversSent} server(s) sent");
        Assert.True(maxPerSecond <= Quota, $"{maxPerSecond} writes in one second");
        Assert.True(figures.Throttled == 0, figures.ThrottleContext());
        var resent = figures.ResentAfterSuccess();
        Assert.True(resent.Count == 0, "confirmed changes sent again:\n" + string.Join("\n", resent));
        Assert.All(figures.AcceptedWrites.GroupBy(c => (c.Operation, c.OpportunityId, c.EntityId)), g => Assert.Single(g));
    }

    private static async Task<int> BusiestServerPidAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var server = await connection.ExecuteScalarAsync<string>(
            "select server from connector.attempts where is_write and outcome = 'ok' group by server order by count(*) desc limit 1");
        return int.Parse(server!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void EnqueueSync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Connector"] = connectionString }).Build();
        using var services = new ServiceCollection().AddLogging().AddConnectorApp(configuration, connectionString, runServer: false).BuildServiceProvider();
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("manual", CancellationToken.None));
    }
}
