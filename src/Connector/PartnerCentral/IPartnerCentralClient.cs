namespace Connector.PartnerCentral;

/// <summary>The four Partner Central Selling operations the connector uses. The hand-written HTTP client
/// implements it today; an adapter over the official AWSSDK.PartnerCentralSelling would replace it in one file.</summary>
public interface IPartnerCentralClient
{
    Task<WriteResult> AssociateOpportunityAsync(AssociateOpportunityRequest request, CancellationToken cancellationToken);

    Task<WriteResult> DisassociateOpportunityAsync(DisassociateOpportunityRequest request, CancellationToken cancellationToken);

    Task<WriteResult> AssignOpportunityAsync(AssignOpportunityRequest request, CancellationToken cancellationToken);

    Task<GetOpportunityResponse> GetOpportunityAsync(GetOpportunityRequest request, CancellationToken cancellationToken);
}
