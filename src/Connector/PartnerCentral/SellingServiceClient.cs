using Amazon.PartnerCentralSelling;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Connector.PartnerCentral;

/// <summary>The SDK client with the connector's retry rule in its pipeline (<see cref="WriteSafeRetryPolicy"/>);
/// everything else (credentials, signing, clock skew, endpoint) is AWSSDK.Core's. A subclass, so that it works the
/// same over the official AWSSDK.PartnerCentralSelling client.</summary>
internal sealed class SellingServiceClient(AWSCredentials credentials, AmazonPartnerCentralSellingConfig config)
    : AmazonPartnerCentralSellingClient(credentials, config)
{
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new WriteSafeRetryPolicy(Config)));
    }
}
