using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Connector.PartnerCentral;

/// <summary>The SDK's standard retry mode, except that a write is repeated by the SDK only when the service
/// certainly did not apply it: it was throttled (or, before this policy is asked, rejected for clock skew, which the
/// SDK corrects). After a timeout, a lost connection or a 5xx the write may have landed: the error goes to the sync,
/// whose ledger reads the opportunity before anything is sent again. Reads keep the standard rules, except that an
/// answer that cannot be read is not asked for again here: the sync counts those attempts itself.</summary>
internal sealed class WriteSafeRetryPolicy(IClientConfig config) : StandardRetryPolicy(config)
{
    public override bool RetryForException(IExecutionContext executionContext, Exception exception) =>
        MayRepeat(executionContext, exception) && base.RetryForException(executionContext, exception);

    public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
        MayRepeat(executionContext, exception) ? base.RetryForExceptionAsync(executionContext, exception) : Task.FromResult(false);

    internal static bool IsWrite(AmazonWebServiceRequest? request) =>
        request is Amazon.PartnerCentralSelling.Model.AssociateOpportunityRequest
            or Amazon.PartnerCentralSelling.Model.DisassociateOpportunityRequest
            or Amazon.PartnerCentralSelling.Model.AssignOpportunityRequest;

    private bool MayRepeat(IExecutionContext executionContext, Exception exception) =>
        exception is not AmazonUnmarshallingException && (!IsWrite(executionContext.RequestContext.OriginalRequest) || IsThrottlingError(exception)
        || exception is AmazonServiceException { StatusCode: System.Net.HttpStatusCode.TooManyRequests });
}
