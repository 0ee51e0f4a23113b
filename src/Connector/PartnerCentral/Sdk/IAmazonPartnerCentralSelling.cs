using Amazon.PartnerCentralSelling.Model;
using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling;

/// <summary>The operations of Partner Central Selling the connector uses, as the official interface names them.</summary>
public partial interface IAmazonPartnerCentralSelling : IAmazonService, IDisposable
{
    Task<AssociateOpportunityResponse> AssociateOpportunityAsync(AssociateOpportunityRequest request, CancellationToken cancellationToken = default);

    Task<DisassociateOpportunityResponse> DisassociateOpportunityAsync(DisassociateOpportunityRequest request, CancellationToken cancellationToken = default);

    Task<AssignOpportunityResponse> AssignOpportunityAsync(AssignOpportunityRequest request, CancellationToken cancellationToken = default);

    Task<GetOpportunityResponse> GetOpportunityAsync(GetOpportunityRequest request, CancellationToken cancellationToken = default);

    Task<ListSolutionsResponse> ListSolutionsAsync(ListSolutionsRequest request, CancellationToken cancellationToken = default);

    static ClientConfig IAmazonService.CreateDefaultClientConfig() => new AmazonPartnerCentralSellingConfig();

    static IAmazonService IAmazonService.CreateDefaultServiceClient(AWSCredentials awsCredentials, ClientConfig clientConfig) =>
        new AmazonPartnerCentralSellingClient(awsCredentials, (AmazonPartnerCentralSellingConfig)clientConfig);
}
