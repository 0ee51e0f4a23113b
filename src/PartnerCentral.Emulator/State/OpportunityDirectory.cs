using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.State;

/// <summary>Decides from configuration whether an opportunity exists. Entries are <c>Id</c> (any catalog) or
/// <c>Catalog/Id</c>.</summary>
internal sealed class OpportunityDirectory(OpportunityOptions options)
{
    private readonly HashSet<string> seeded = new(options.Seeded, StringComparer.Ordinal);
    private readonly HashSet<string> missing = new(options.Missing, StringComparer.Ordinal);

    public bool IsMissing(string catalog, string id) => Matches(missing, catalog, id);

    public bool ExistsByConfiguration(string catalog, string id) =>
        options.Mode == OpportunityMode.AllWellFormed || Matches(seeded, catalog, id);

    private static bool Matches(HashSet<string> entries, string catalog, string id) =>
        entries.Contains(id) || entries.Contains($"{catalog}/{id}");
}
