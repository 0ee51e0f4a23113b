namespace Connector.PartnerCentral;

/// <summary>One page of the account's partner solutions in a catalog (<paramref name="NextToken"/> from the page before).</summary>
public sealed record ListSolutionsRequest(string Catalog, string? NextToken = null, int? MaxResults = null);
