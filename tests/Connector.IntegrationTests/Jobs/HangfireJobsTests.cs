using Connector.Host.Hosting;
using Connector.IntegrationTests.Execution;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Jobs;
using Connector.PartnerCentral.Credentials;
using Connector.Sync;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;

namespace Connector.IntegrationTests.Jobs;

/// <summary>The jobs on a real Hangfire server over Hangfire.PostgreSql: a sync end to end, requeue through the
/// dashboard's path, and recurring registration from configuration.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class HangfireJobsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly StagingTable staging = new(database.ConnectionString);
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:Quotas:WritesPerSecond"] = "20" });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task SyncJob_SendsEveryNeededChangeThroughTheLanes_OnARealHangfireServer()
    {
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await staging.AssociateAsync($"O70{i:00}", "Solutions", "S-1"));
        }

        using var host = await StartHostAsync();
        host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("manual", CancellationToken.None));

        await WaitUntilAsync(async () => (await Task.WhenAll(ids.Select(staging.StatusAsync))).All(s => s.Status == "synced"));
        Assert.Equal(12, emulator.Calls.Count(c => c.HttpStatus == 200 && c.Operation == "AssociateOpportunity"));
        await host.StopAsync();
    }

    [Fact]
    public async Task RetryThroughHangfire_SendsTheFailedChangeAgain_WhenTheCauseIsGone()
    {
        emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O7100", Error = FaultKind.Validation, Times = 1 }] });
        var id = await staging.AssociateAsync("O7100", "Solutions", "S-1");
        using var host = await StartHostAsync();
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Enqueue<SyncJob>(job => job.RunAsync("manual", CancellationToken.None));
        await WaitUntilAsync(async () => (await staging.StatusAsync(id)).Status == "failed");

        await host.Services.GetRequiredService<RetryStore>().RequeueFailedAsync(id, null, "test", CancellationToken.None);
        jobs.Enqueue<SyncJob>(job => job.RunAsync("retry", CancellationToken.None));

        await WaitUntilAsync(async () => (await staging.StatusAsync(id)).Status == "synced");
        await host.StopAsync();
    }

    [Fact]
    public async Task Apply_KeepsTheSharedSchedule_WhenAnotherServersKeyIsEmpty()
    {
        using (var host = await StartHostAsync(new Dictionary<string, string?> { ["Schedules:IncrementalSync"] = "*/5 * * * *" }))
        {
            host.Services.GetRequiredService<RecurringJobRegistration>().Apply();
            var jobs = RecurringJobs(host);
            Assert.Equal("*/5 * * * *", jobs[RecurringJobRegistration.IncrementalId].Cron);
            Assert.Equal("0 2 * * *", jobs[RecurringJobRegistration.NightlyId].Cron);
            Assert.Contains(RecurringJobRegistration.DropFolderId, jobs.Keys);
            Assert.Equal("30 * * * *", jobs[RecurringJobRegistration.SolutionRefreshId].Cron);
            await host.StopAsync();
        }

        // Another server whose deployment left the variables empty (Schedules__IncrementalSync=) has no say.
        using (var host = await StartHostAsync(new Dictionary<string, string?> { ["Schedules:IncrementalSync"] = string.Empty, ["Schedules:DropFolderPoll"] = " " }))
        {
            host.Services.GetRequiredService<RecurringJobRegistration>().Apply();
            var jobs = RecurringJobs(host);
            Assert.Equal("*/5 * * * *", jobs[RecurringJobRegistration.IncrementalId].Cron);
            Assert.Equal("* * * * *", jobs[RecurringJobRegistration.DropFolderId].Cron);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Apply_RemovesTheSchedule_WhenItsKeyIsOff()
    {
        using (var host = await StartHostAsync(new Dictionary<string, string?> { ["Schedules:DropFolderPoll"] = "*/2 * * * *" }))
        {
            host.Services.GetRequiredService<RecurringJobRegistration>().Apply();
            Assert.Equal("*/2 * * * *", RecurringJobs(host)[RecurringJobRegistration.DropFolderId].Cron);
            await host.StopAsync();
        }

        using (var host = await StartHostAsync(new Dictionary<string, string?> { ["Schedules:DropFolderPoll"] = "off", ["Schedules:NightlyFullSync"] = "Disabled" }))
        {
            host.Services.GetRequiredService<RecurringJobRegistration>().Apply();
            var jobs = RecurringJobs(host);
            Assert.DoesNotContain(RecurringJobRegistration.DropFolderId, jobs.Keys);
            Assert.DoesNotContain(RecurringJobRegistration.NightlyId, jobs.Keys);
            Assert.Contains(RecurringJobRegistration.IncrementalId, jobs.Keys);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task PollAsync_EndsDeletedWithItsError_NotFailed_WhenTheDropFolderCannotBeRead()
    {
        // A regular file where the drop folder's parent should be: every poll throws DirectoryNotFoundException.
        var blocker = Path.GetTempFileName();
        try
        {
            using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sources:CsvDropFolder"] = Path.Combine(blocker, "drop") });
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
            var storage = host.Services.GetRequiredService<JobStorage>();
            var polls = new[]
            {
                jobs.Enqueue<DropFolderJob>(job => job.PollAsync(CancellationToken.None)),
                jobs.Enqueue<DropFolderJob>(job => job.PollAsync(CancellationToken.None)),
            };

            await WaitUntilAsync(() => Task.FromResult(polls.All(id => StateName(storage, id) is "Deleted" or "Failed")));

            using var connection = storage.GetConnection();
            Assert.All(polls, id =>
            {
                var state = connection.GetStateData(id);
                Assert.Equal(DeletedState.StateName, state.Name);
                Assert.Contains("System.IO.DirectoryNotFoundException", state.Data["Exception"]);
            });
            await host.StopAsync();
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private static string? StateName(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State;
    }

    private static Dictionary<string, RecurringJobDto> RecurringJobs(IHost host)
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().ToDictionary(j => j.Id);
    }

    private async Task<IHost> StartHostAsync(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["PartnerCentral:Endpoint"] = emulator.BaseAddress.ToString(),
            ["PartnerCentral:WritesPerSecond"] = "20",
            ["Sync:TransientBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IAwsCredentialSource, StaticCredentials>();
        builder.Services.AddConnectorApp(configuration, database.ConnectionString, runServer: true);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(200);
        }
    }
}
