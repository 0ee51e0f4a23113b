using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using PartnerCentral.Emulator.Calls;
using PartnerCentral.Emulator.Faults;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Quotas;
using PartnerCentral.Emulator.State;

namespace PartnerCentral.Emulator;

/// <summary>The emulator hosted in-process on Kestrel, for tests and the connector's demo: the same app as the
/// standalone one, on a real socket, with direct access to its state, faults, quotas and call log.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private EmulatorServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The address actually bound (port 0 resolved), ending in '/'.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    public EmulatorState State => app.Services.GetRequiredService<EmulatorState>();

    public FaultInjector Faults => app.Services.GetRequiredService<FaultInjector>();

    public QuotaLimiter Quotas => app.Services.GetRequiredService<QuotaLimiter>();

    public IReadOnlyList<CallRecord> Calls => app.Services.GetRequiredService<CallLog>().All;

    /// <summary>The temporary keys the emulator's STS (<c>POST /sts</c>) issued, oldest first.</summary>
    public IReadOnlyList<PartnerCentral.Emulator.Auth.IssuedCredential> IssuedCredentials =>
        app.Services.GetRequiredService<PartnerCentral.Emulator.Auth.CredentialStore>().Issued;

    /// <summary>Where the SDK's STS client goes when pointed here (<c>AWS_ENDPOINT_URL_STS</c>).</summary>
    public Uri StsAddress => new(BaseAddress, PartnerCentral.Emulator.Api.StsEndpoint.Path.TrimStart('/'));

    /// <summary>Starts the emulator with the given <c>Emulator:*</c> settings (they override appsettings and the
    /// environment) on <paramref name="url"/>; port 0 picks a free port.</summary>
    public static Task<EmulatorServer> StartAsync(
        IDictionary<string, string?>? settings = null,
        string url = "http://127.0.0.1:0",
        CancellationToken ct = default) =>
        StartAsync(settings, url, timeProvider: null, ct);

    /// <summary>As above, with the clock the emulator uses for quotas, signature skew and timestamps.</summary>
    public static async Task<EmulatorServer> StartAsync(
        IDictionary<string, string?>? settings,
        string url,
        TimeProvider? timeProvider,
        CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls(url);
        if (timeProvider is not null)
        {
            builder.Services.AddKeyedSingleton(EmulatorClock.Key, timeProvider);
        }

        builder.Services.AddEmulator(builder.Configuration);
        var app = builder.Build();
        app.MapEmulator();
        await app.StartAsync(ct);
        var address = app.Urls.First();
        return new EmulatorServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Back to configuration, as <c>POST /_emulator/reset</c>.</summary>
    public void Reset() => EmulatorSetup.Reset(app.Services);

    public void Seed(params SeedOpportunity[] opportunities) => State.Seed(opportunities);

    public void SetFaults(FaultSettings faults) => Faults.Set(faults);

    public void SetQuotas(QuotaSettings quotas) => Quotas.SetLimits(quotas);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
