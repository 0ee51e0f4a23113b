namespace Connector.PartnerCentral;

public sealed record AssociateOpportunityRequest(
    string Catalog,
    string OpportunityIdentifier,
    string RelatedEntityType,
    string RelatedEntityIdentifier);
