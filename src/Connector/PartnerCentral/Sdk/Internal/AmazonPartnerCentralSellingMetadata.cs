using Amazon.Runtime.Internal;

namespace Amazon.PartnerCentralSelling.Internal;

/// <summary>The service id the SDK reports (user agent, metrics); no operation is renamed.</summary>
public sealed class AmazonPartnerCentralSellingMetadata : IServiceMetadata
{
    public string ServiceId => "PartnerCentral Selling";

    public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
}
