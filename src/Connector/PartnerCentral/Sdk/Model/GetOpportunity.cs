using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling.Model;

public partial class GetOpportunityRequest : AmazonPartnerCentralSellingRequest
{
    public string? Catalog { get; set; }

    public string? Identifier { get; set; }
}

/// <summary>The members of GetOpportunity's output the connector reads; the official type has more.</summary>
public partial class GetOpportunityResponse : AmazonWebServiceResponse
{
    public string? Catalog { get; set; }

    public string? Id { get; set; }

    public RelatedEntityIdentifiers? RelatedEntityIdentifiers { get; set; }

    public List<Contact>? OpportunityTeam { get; set; }

    public DateTime? LastModifiedDate { get; set; }

    public DateTime? CreatedDate { get; set; }

    public LifeCycle? LifeCycle { get; set; }
}

/// <summary>The members of an opportunity's LifeCycle the connector reads.</summary>
public partial class LifeCycle
{
    public string? Stage { get; set; }

    public string? ReviewStatus { get; set; }
}

public partial class RelatedEntityIdentifiers
{
    public List<string>? Solutions { get; set; }

    public List<string>? AwsProducts { get; set; }

    public List<string>? AwsMarketplaceOffers { get; set; }

    public List<string>? AwsMarketplaceOfferSets { get; set; }

    public List<string>? AwsMarketplaceSolutions { get; set; }

    public List<string>? AwsMarketplaceProducts { get; set; }
}

public partial class Contact
{
    public string? Email { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? BusinessTitle { get; set; }

    public string? Phone { get; set; }
}
