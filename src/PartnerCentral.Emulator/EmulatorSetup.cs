using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerCentral.Emulator.Api;
using PartnerCentral.Emulator.Auth;
using PartnerCentral.Emulator.Calls;
using PartnerCentral.Emulator.Faults;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Quotas;
using PartnerCentral.Emulator.State;

namespace PartnerCentral.Emulator;

/// <summary>The one setup shared by <c>Program</c> (standalone), <see cref="EmulatorServer"/> (in-process) and
/// WebApplicationFactory tests.</summary>
public static class EmulatorSetup
{
    /// <summary>Where the standalone emulator listens when no URL is configured: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:4566";

    public static IServiceCollection AddEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmulatorOptions>().Bind(configuration.GetSection(EmulatorOptions.Section));
        var clockOffset = configuration.GetSection(EmulatorOptions.Section).GetValue<TimeSpan>(nameof(EmulatorOptions.ClockOffset));
        services.TryAddKeyedSingleton<TimeProvider>(EmulatorClock.Key, clockOffset == TimeSpan.Zero ? TimeProvider.System : new OffsetClock(clockOffset));
        services.AddSingleton<CredentialStore>();
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<EmulatorState>();
        services.AddSingleton<QuotaLimiter>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<CallLog>();
        services.AddSingleton<OpportunityOperations>();
        services.AddSingleton<SellingEndpoint>();
        services.AddSingleton<StsEndpoint>();
        services.AddSingleton<RoleCredentialEndpoints>();
        // The real service does not announce its server software; neither does the emulator.
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        services.ConfigureHttpJsonOptions(options =>
        {
            // Control API JSON uses the option names as written in configuration (PascalCase, enum names).
            options.SerializerOptions.PropertyNamingPolicy = null;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        return services;
    }

    /// <summary>Back to configuration: state, faults, quotas (limits and windows), and an empty call log.
    /// Shared by <c>POST /_emulator/reset</c> and <see cref="EmulatorServer.Reset"/>.</summary>
    internal static void Reset(IServiceProvider services)
    {
        services.GetRequiredService<EmulatorState>().Reset();
        services.GetRequiredService<FaultInjector>().Reset();
        services.GetRequiredService<QuotaLimiter>().Reset();
        services.GetRequiredService<CallLog>().Clear();
    }

    public static IEndpointRouteBuilder MapEmulator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/", (HttpContext context, SellingEndpoint selling) => selling.HandleAsync(context));
        endpoints.MapPost(StsEndpoint.Path, (HttpContext context, StsEndpoint sts) => sts.HandleAsync(context));
        RoleCredentialEndpoints.Map(endpoints);
        ControlEndpoints.Map(endpoints);
        return endpoints;
    }
}
