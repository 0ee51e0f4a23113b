namespace Connector.PartnerCentral;

/// <summary>The Partner Central Selling operations the connector uses, in the connector's own types.
/// <see cref="PartnerCentralClient"/> implements it over the SDK client (<c>IAmazonPartnerCentralSelling</c>, today
/// the stand-in in <c>Sdk/</c>, tomorrow the official AWSSDK.PartnerCentralSelling, unchanged).</summary>
public interface IPartnerCentralClient
{
    Task<WriteResult> AssociateOpportunityAsync(AssociateOpportunityRequest request, CancellationToken cancellationToken);

    Task<WriteResult> DisassociateOpportunityAsync(DisassociateOpportunityRequest request, CancellationToken cancellationToken);

    Task<WriteResult> AssignOpportunityAsync(AssignOpportunityRequest request, CancellationToken cancellationToken);

    Task<GetOpportunityResponse> GetOpportunityAsync(GetOpportunityRequest request, CancellationToken cancellationToken);

    /// <summary>One page of the account's partner solutions (a read).</summary>
    Task<ListSolutionsResponse> ListSolutionsAsync(ListSolutionsRequest request, CancellationToken cancellationToken);
}
