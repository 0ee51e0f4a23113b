using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling.Model;

// The three writes the connector sends, with the model's member names; none returns members.

public partial class AssociateOpportunityRequest : AmazonPartnerCentralSellingRequest
{
    public string? Catalog { get; set; }

    public string? OpportunityIdentifier { get; set; }

    /// <summary>Solutions, AwsProducts, AwsMarketplaceOffers, AwsMarketplaceOfferSets, AwsMarketplaceSolutions or AwsMarketplaceProducts.</summary>
    public RelatedEntityType? RelatedEntityType { get; set; }

    public string? RelatedEntityIdentifier { get; set; }
}

public partial class AssociateOpportunityResponse : AmazonWebServiceResponse;

public partial class DisassociateOpportunityRequest : AmazonPartnerCentralSellingRequest
{
    public string? Catalog { get; set; }

    public string? OpportunityIdentifier { get; set; }

    public RelatedEntityType? RelatedEntityType { get; set; }

    public string? RelatedEntityIdentifier { get; set; }
}

public partial class DisassociateOpportunityResponse : AmazonWebServiceResponse;

public partial class AssignOpportunityRequest : AmazonPartnerCentralSellingRequest
{
    public string? Catalog { get; set; }

    public string? Identifier { get; set; }

    public AssigneeContact? Assignee { get; set; }
}

public partial class AssignOpportunityResponse : AmazonWebServiceResponse;

public partial class AssigneeContact
{
    public string? Email { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? BusinessTitle { get; set; }

    public string? Phone { get; set; }
}
