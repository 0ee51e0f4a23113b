using Connector.Host.Hosting;
using Connector.IntegrationTests.Execution;
using Connector.PartnerCentral.Credentials;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>The real <c>serve</c> host (Hangfire server, dashboard with the Sync page, antiforgery) in-process on a
/// loopback port, against the emulator on another and a test database. Schedules are off: tests start syncs.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private DashboardHost(WebApplication app, EmulatorServer emulator, string uploadFolder)
    {
        this.app = app;
        Emulator = emulator;
        UploadFolder = uploadFolder;
        BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public EmulatorServer Emulator { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>The upload spool (a fresh folder per host, removed at dispose).</summary>
    public string UploadFolder { get; }

    public static async Task<DashboardHost> StartAsync(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = "20",
            ["Emulator:Quotas:ReadsPerSecond"] = "50",
        });
        var uploadFolder = Path.Combine(Path.GetTempPath(), "dashboard-test-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connector"] = connectionString,
            ["PartnerCentral:Endpoint"] = emulator.BaseAddress.ToString(),
            ["PartnerCentral:WritesPerSecond"] = "20",
            ["PartnerCentral:ReadsPerSecond"] = "40",
            ["Dashboard:Urls"] = "http://127.0.0.1:0",
            ["Dashboard:UploadFolder"] = uploadFolder,
            // Tests acting as the local operator need no login; remote users are played with credentials and X-Forwarded-For.
            ["Dashboard:TrustLoopback"] = "true",
            ["Schedules:NightlyFullSync"] = "off",
            ["Schedules:IncrementalSync"] = "off",
            ["Schedules:DropFolderPoll"] = "off",
            ["Schedules:Reconcile"] = "off",
            ["Sources:CsvDropFolder"] = Path.Combine(uploadFolder, "drop"),
            ["Sync:TransientBaseDelay"] = "00:00:00.050",
            ["Sync:TransientMaxDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        WebApplication? app = null;
        try
        {
            app = ServerApp.Build(configuration, connectionString, builder => builder.Services.AddSingleton<IAwsCredentialSource, StaticCredentials>());
            await app.StartAsync();
            return new DashboardHost(app, emulator, uploadFolder);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await emulator.DisposeAsync();
            throw;
        }
    }

    public Uri Url(string relative) => new(BaseAddress, relative.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await app.StopAsync(stop.Token);
        }

        await app.DisposeAsync();
        await Emulator.DisposeAsync();
        if (Directory.Exists(UploadFolder))
        {
            Directory.Delete(UploadFolder, recursive: true);
        }
    }
}
