using Amazon.PartnerCentralSelling.Internal;
using Amazon.PartnerCentralSelling.Model;
using Amazon.PartnerCentralSelling.Model.Internal.MarshallTransformations;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace Amazon.PartnerCentralSelling;

/// <summary>Partner Central Selling on AWSSDK.Core's <see cref="AmazonServiceClient"/>: its pipeline resolves and
/// refreshes credentials, signs (SigV4), corrects clock skew, retries per the config's retry mode and resolves the
/// endpoint; this class only says how each operation is marshalled and unmarshalled. Thread-safe; keep one.</summary>
public partial class AmazonPartnerCentralSellingClient : AmazonServiceClient, IAmazonPartnerCentralSelling
{
    private static readonly IServiceMetadata Metadata = new AmazonPartnerCentralSellingMetadata();

    /// <summary>Credentials from the SDK's default chain.</summary>
    public AmazonPartnerCentralSellingClient(AmazonPartnerCentralSellingConfig config)
        : base(config)
    {
    }

    public AmazonPartnerCentralSellingClient(AWSCredentials credentials, AmazonPartnerCentralSellingConfig config)
        : base(credentials, config)
    {
    }

    protected override IServiceMetadata ServiceMetadata => Metadata;

    public static ClientConfig CreateDefaultClientConfig() => new AmazonPartnerCentralSellingConfig();

    public static IAmazonService CreateDefaultServiceClient(AWSCredentials awsCredentials, ClientConfig clientConfig) =>
        new AmazonPartnerCentralSellingClient(awsCredentials, (AmazonPartnerCentralSellingConfig)clientConfig);

    public virtual Task<AssociateOpportunityResponse> AssociateOpportunityAsync(AssociateOpportunityRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<AssociateOpportunityResponse>(request, Options(RequestMarshallers.AssociateOpportunity, ResponseUnmarshallers.AssociateOpportunity), cancellationToken);

    public virtual Task<DisassociateOpportunityResponse> DisassociateOpportunityAsync(DisassociateOpportunityRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DisassociateOpportunityResponse>(request, Options(RequestMarshallers.DisassociateOpportunity, ResponseUnmarshallers.DisassociateOpportunity), cancellationToken);

    public virtual Task<AssignOpportunityResponse> AssignOpportunityAsync(AssignOpportunityRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<AssignOpportunityResponse>(request, Options(RequestMarshallers.AssignOpportunity, ResponseUnmarshallers.AssignOpportunity), cancellationToken);

    public virtual Task<GetOpportunityResponse> GetOpportunityAsync(GetOpportunityRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<GetOpportunityResponse>(request, Options(RequestMarshallers.GetOpportunity, ResponseUnmarshallers.GetOpportunity), cancellationToken);

    public virtual Task<ListSolutionsResponse> ListSolutionsAsync(ListSolutionsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ListSolutionsResponse>(request, Options(RequestMarshallers.ListSolutions, ResponseUnmarshallers.ListSolutions), cancellationToken);

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline) =>
        pipeline.AddHandlerAfter<Marshaller>(new AmazonPartnerCentralSellingAuthSchemeHandler());

    private static InvokeOptions Options(IMarshaller<IRequest, AmazonWebServiceRequest> marshaller, ResponseUnmarshaller unmarshaller) =>
        new() { RequestMarshaller = marshaller, ResponseUnmarshaller = unmarshaller };
}
