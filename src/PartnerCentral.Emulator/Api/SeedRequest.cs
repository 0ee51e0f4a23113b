using PartnerCentral.Emulator.State;

namespace PartnerCentral.Emulator.Api;

/// <summary>Body of <c>POST /_emulator/seed</c>.</summary>
public sealed class SeedRequest
{
    public List<SeedOpportunity> Opportunities { get; set; } = [];
}
