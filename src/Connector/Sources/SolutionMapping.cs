namespace Connector.Sources;

/// <summary>One good row of a legacy-solution map: the legacy solution (<c>S-…</c>) and the Marketplace solution that
/// replaces it, in a catalog.</summary>
internal sealed record SolutionMapping(string Catalog, string SolutionId, string MarketplaceSolutionArn, int SourceLine);
