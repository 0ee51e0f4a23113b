using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerCentral.Emulator.Calls;
using PartnerCentral.Emulator.Faults;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Quotas;
using PartnerCentral.Emulator.State;

namespace PartnerCentral.Emulator.Api;

/// <summary>The test-control API under <c>/_emulator/</c>; JSON with the same member names as the options.</summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/_emulator").AddEndpointFilter<ControlAccessFilter>();

        control.MapPost("/reset", (HttpContext context) =>
        {
            EmulatorSetup.Reset(context.RequestServices);
            return Results.NoContent();
        });

        control.MapPost("/seed", (SeedRequest request, EmulatorState state) =>
        {
            var invalid = request.Opportunities.FirstOrDefault(o => o.Id.Length == 0 || o.Catalog.Length == 0);
            if (invalid is not null)
            {
                return Results.BadRequest(new { Message = "Every opportunity needs a Catalog and an Id." });
            }

            state.Seed(request.Opportunities);
            return Results.Ok(new { Seeded = request.Opportunities.Count });
        });

        control.MapGet("/faults", (FaultInjector faults) => Results.Ok(faults.Current));
        control.MapPut("/faults", (FaultSettings settings, FaultInjector faults) =>
        {
            faults.Set(settings);
            return Results.Ok(faults.Current);
        });

        control.MapGet("/quotas", (QuotaLimiter quotas) => Results.Ok(quotas.Usage()));
        control.MapPut("/quotas", (QuotaSettings settings, QuotaLimiter quotas) =>
        {
            quotas.SetLimits(settings);
            return Results.Ok(quotas.Usage());
        });

        control.MapGet("/calls", (CallLog calls) => Results.Ok(calls.All));

        control.MapGet("/state/{catalog}/{id}", (string catalog, string id, EmulatorState state) =>
            state.Find(catalog, id) is { } snapshot ? Results.Ok(snapshot) : Results.NotFound());
    }
}
