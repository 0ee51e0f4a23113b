using Connector.Host.Hosting;
using Connector.IntegrationTests.Execution;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.PartnerCentral.Credentials;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Jobs;

/// <summary>The foreground <c>sync</c> (and <c>demo</c>) path on a real Hangfire server: it waits for the run its
/// own job planned, also when that job had to be retried.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class ForegroundSyncTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    // A real database failure, once: the first time a run is marked planned, the statement fails (a sequence is not
    // rolled back with the transaction, so the second plan goes through).
    private const string FailOncePlannedSql = """
        create sequence if not exists public.plan_failures;
        create or replace function public.fail_first_plan() returns trigger language plpgsql as $$
        begin
            if new.planned_at is not null and old.planned_at is null and nextval('public.plan_failures') = 1 then
                raise exception 'planning fails once (test)' using errcode = '40001';
            end if;
            return new;
        end $$;
        drop trigger if exists fail_first_plan on connector.sync_runs;
        create trigger fail_first_plan before update on connector.sync_runs for each row execute function public.fail_first_plan();
        """;

    private readonly StagingTable staging = new(database.ConnectionString);
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:Quotas:WritesPerSecond"] = "20" });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task RunAsync_ReturnsTheRetriedRun_WhenPlanningFailsOnceAndHangfireRetries()
    {
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.ExecuteAsync(FailOncePlannedSql);
        }

        var id = await staging.AssociateAsync("O7300", "Solutions", "S-1");
        using var host = await StartHostAsync();
        // Before the fix the run row of the failed plan was committed on its own and the watcher waited for it forever.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var progress = await ForegroundSync.RunAsync(host.Services, "cli", limit.Token);

        Assert.True(progress.Planned);
        Assert.Equal("synced", (await staging.StatusAsync(id)).Status);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*)::int from connector.sync_runs where planned_at is null"));
            await connection.ExecuteAsync("drop trigger fail_first_plan on connector.sync_runs");
        }

        await host.StopAsync();
    }

    private async Task<IHost> StartHostAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PartnerCentral:Endpoint"] = emulator.BaseAddress.ToString(),
            ["PartnerCentral:WritesPerSecond"] = "20",
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IAwsCredentialSource, StaticCredentials>();
        builder.Services.AddConnectorApp(configuration, database.ConnectionString, runServer: true);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
