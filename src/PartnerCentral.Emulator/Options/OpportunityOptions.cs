namespace PartnerCentral.Emulator.Options;

/// <summary>Which opportunities exist. List entries are an id (<c>O123</c>, every catalog) or
/// <c>Catalog/Id</c> (<c>Sandbox/O123</c>, that catalog only).</summary>
public sealed class OpportunityOptions
{
    public OpportunityMode Mode { get; set; } = OpportunityMode.AllWellFormed;

    public List<string> Seeded { get; set; } = [];

    /// <summary>Always ResourceNotFoundException, whatever the mode or a seed says.</summary>
    public List<string> Missing { get; set; } = [];
}
