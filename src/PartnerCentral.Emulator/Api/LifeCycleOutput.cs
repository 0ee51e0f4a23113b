namespace PartnerCentral.Emulator.Api;

/// <summary>The minimal LifeCycle of GetOpportunity: enum values spelled as in the model.</summary>
internal sealed record LifeCycleOutput(string Stage, string ReviewStatus);
