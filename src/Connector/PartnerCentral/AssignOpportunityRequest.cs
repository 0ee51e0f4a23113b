namespace Connector.PartnerCentral;

public sealed record AssignOpportunityRequest(string Catalog, string Identifier, AssigneeContact Assignee);
