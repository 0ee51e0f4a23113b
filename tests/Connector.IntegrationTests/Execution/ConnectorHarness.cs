using Connector.PartnerCentral;
using Connector.PartnerCentral.Credentials;
using Connector.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Protocol;

namespace Connector.IntegrationTests.Execution;

/// <summary>The connector's real services (planner, pacer, sender, HTTP client with SigV4) against the emulator on
/// a loopback port and a fresh database. Fast pace and short backoffs keep tests quick; the logic is unchanged.</summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    private ConnectorHarness(EmulatorServer emulator, ServiceProvider services)
    {
        Emulator = emulator;
        Services = services;
    }

    public EmulatorServer Emulator { get; }

    public ServiceProvider Services { get; }

    public static async Task<ConnectorHarness> StartAsync(string connectionString, int writesPerSecond = 20, int budget = 10_000, IDictionary<string, string?>? settings = null, IDictionary<string, string?>? emulatorSettings = null)
    {
        var emulatorConfig = new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = writesPerSecond.ToString(),
            ["Emulator:Quotas:ReadsPerSecond"] = "50",
        };
        foreach (var (key, value) in emulatorSettings ?? new Dictionary<string, string?>())
        {
            emulatorConfig[key] = value;
        }

        var emulator = await EmulatorServer.StartAsync(emulatorConfig);
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connector"] = connectionString,
            ["PartnerCentral:Endpoint"] = emulator.BaseAddress.ToString(),
            ["PartnerCentral:WritesPerSecond"] = writesPerSecond.ToString(),
            ["PartnerCentral:ReadsPerSecond"] = "40",
            ["PartnerCentral:WritesPer24Hours"] = budget.ToString(),
            ["Sync:TransientBaseDelay"] = "00:00:00.050",
            ["Sync:TransientMaxDelay"] = "00:00:00.200",
            ["Sync:NotFoundRetryDelay"] = "00:00:00.020",
            ["Sync:NotFoundRetries"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IAwsCredentialSource, StaticCredentials>()
            .AddConnectorCore(configuration, connectionString);
        services.AddPartnerCentralClient(configuration);
        return new ConnectorHarness(emulator, services.BuildServiceProvider());
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public Task<PlanResult> PlanAsync() => Get<SyncService>().PlanAsync("test", CancellationToken.None);

    /// <summary>Drains until nothing is due, waiting out short backoffs; bounded so a bug cannot hang the run.</summary>
    public async Task DrainAsync(TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (DateTimeOffset.UtcNow < deadline)
        {
            var result = await Get<QueueDrainer>().DrainAsync(0, CancellationToken.None);
            if (result.NextDueAt is not { } next || next - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(5) || result.Outcomes.ContainsKey(SendOutcome.Paused))
            {
                return;
            }

            var wait = next - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        throw new TimeoutException("the queue did not drain in time");
    }

    public IReadOnlyList<string> Writes() =>
        Emulator.Calls.Where(c => SellingOperation.IsWrite(c.Operation)).Select(c => $"{c.Operation} {c.OpportunityId} {c.EntityId}".TrimEnd()).ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
