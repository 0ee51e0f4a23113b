using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling.Model;

public partial class ListSolutionsRequest : AmazonPartnerCentralSellingRequest
{
    public string? Catalog { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }

    public List<string>? Identifier { get; set; }

    public List<string>? Status { get; set; }

    public List<string>? Category { get; set; }
}

public partial class ListSolutionsResponse : AmazonWebServiceResponse
{
    public List<SolutionBase>? SolutionSummaries { get; set; }

    public string? NextToken { get; set; }
}

public partial class SolutionBase
{
    public string? Catalog { get; set; }

    public string? Id { get; set; }

    public string? Arn { get; set; }

    public string? Name { get; set; }

    public string? Status { get; set; }

    public string? Category { get; set; }

    public DateTime? CreatedDate { get; set; }
}
