namespace Connector.PartnerCentral;

public sealed record DisassociateOpportunityRequest(
    string Catalog,
    string OpportunityIdentifier,
    string RelatedEntityType,
    string RelatedEntityIdentifier);
