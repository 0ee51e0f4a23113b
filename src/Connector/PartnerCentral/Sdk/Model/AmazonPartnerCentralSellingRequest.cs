using Amazon.Runtime;

namespace Amazon.PartnerCentralSelling.Model;

/// <summary>Base of every request of the service.</summary>
public abstract partial class AmazonPartnerCentralSellingRequest : AmazonWebServiceRequest;
