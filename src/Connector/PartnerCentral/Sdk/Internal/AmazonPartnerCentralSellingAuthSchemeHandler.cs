using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Amazon.PartnerCentralSelling.Internal;

/// <summary>Every operation of the service is SigV4 (the model's <c>aws.auth#sigv4</c>, name partnercentral-selling).</summary>
public sealed class AmazonPartnerCentralSellingAuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) => AuthSchemeOption.DEFAULT_SIGV4;
}
