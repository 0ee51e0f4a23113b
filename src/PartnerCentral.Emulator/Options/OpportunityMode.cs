namespace PartnerCentral.Emulator.Options;

public enum OpportunityMode
{
    /// <summary>Every well-formed opportunity id exists (except the Missing list).</summary>
    AllWellFormed,

    /// <summary>Only the Seeded list and opportunities seeded through the control API exist.</summary>
    Seeded,
}
