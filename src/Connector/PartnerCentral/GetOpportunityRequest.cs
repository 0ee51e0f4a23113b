namespace Connector.PartnerCentral;

public sealed record GetOpportunityRequest(string Catalog, string Identifier);
