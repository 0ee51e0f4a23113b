using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Amazon.PartnerCentralSelling;
using Amazon.Runtime;
using Connector.PartnerCentral.Credentials;
using Microsoft.Extensions.Logging;
using Sdk = Amazon.PartnerCentralSelling.Model;

namespace Connector.PartnerCentral;

/// <summary><see cref="IPartnerCentralClient"/> over the SDK client (<see cref="IAmazonPartnerCentralSelling"/>):
/// requests that break the model's field rules are refused before any call (no quota slot spent); the SDK's
/// exceptions become the <see cref="PartnerCentralException"/> kinds the sync acts on. The SDK retries only what
/// <see cref="WriteSafeRetryPolicy"/> allows; an expired session token refreshes the credentials and the call is sent
/// once more (the service refused it unread, so a write is not repeated by it).</summary>
public sealed partial class PartnerCentralClient(
    IAmazonPartnerCentralSelling sdk,
    IAwsCredentialSource credentials,
    TimeProvider timeProvider,
    ILogger<PartnerCentralClient> logger) : IPartnerCentralClient
{
    public const string ContentType = Amazon.PartnerCentralSelling.Model.Internal.MarshallTransformations.JsonRequestMarshaller<Sdk.GetOpportunityRequest>.ContentType;
    public const string TargetPrefix = Amazon.PartnerCentralSelling.Model.Internal.MarshallTransformations.JsonRequestMarshaller<Sdk.GetOpportunityRequest>.TargetPrefix;

    public async Task<WriteResult> AssociateOpportunityAsync(AssociateOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "AssociateOpportunity";
        Preflight(operation, request.OpportunityIdentifier, RequestValidator.Validate(request));
        var response = await CallAsync(operation, request.OpportunityIdentifier, () => sdk.AssociateOpportunityAsync(new Sdk.AssociateOpportunityRequest
        {
            Catalog = request.Catalog,
            OpportunityIdentifier = request.OpportunityIdentifier,
            RelatedEntityType = request.RelatedEntityType,
            RelatedEntityIdentifier = request.RelatedEntityIdentifier,
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new WriteResult((int)response.HttpStatusCode, RequestId(response));
    }

    public async Task<WriteResult> DisassociateOpportunityAsync(DisassociateOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "DisassociateOpportunity";
        Preflight(operation, request.OpportunityIdentifier, RequestValidator.Validate(request));
        var response = await CallAsync(operation, request.OpportunityIdentifier, () => sdk.DisassociateOpportunityAsync(new Sdk.DisassociateOpportunityRequest
        {
            Catalog = request.Catalog,
            OpportunityIdentifier = request.OpportunityIdentifier,
            RelatedEntityType = request.RelatedEntityType,
            RelatedEntityIdentifier = request.RelatedEntityIdentifier,
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new WriteResult((int)response.HttpStatusCode, RequestId(response));
    }

    public async Task<WriteResult> AssignOpportunityAsync(AssignOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "AssignOpportunity";
        Preflight(operation, request.Identifier, RequestValidator.Validate(request));

        // What was validated is what is sent: the email lower-cased as the model's pattern wants, names trimmed.
        var assignee = RequestValidator.Normalise(request.Assignee);
        var response = await CallAsync(operation, request.Identifier, () => sdk.AssignOpportunityAsync(new Sdk.AssignOpportunityRequest
        {
            Catalog = request.Catalog,
            Identifier = request.Identifier,
            Assignee = new Sdk.AssigneeContact
            {
                Email = assignee.Email,
                FirstName = assignee.FirstName,
                LastName = assignee.LastName,
                BusinessTitle = assignee.BusinessTitle,
                Phone = assignee.Phone,
            },
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new WriteResult((int)response.HttpStatusCode, RequestId(response));
    }

    public async Task<GetOpportunityResponse> GetOpportunityAsync(GetOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "GetOpportunity";
        Preflight(operation, request.Identifier, RequestValidator.Validate(request));
        var response = await CallAsync(operation, request.Identifier, () => sdk.GetOpportunityAsync(
            new Sdk.GetOpportunityRequest { Catalog = request.Catalog, Identifier = request.Identifier }, cancellationToken), cancellationToken).ConfigureAwait(false);

        var ids = response.RelatedEntityIdentifiers;
        return new GetOpportunityResponse
        {
            Catalog = response.Catalog,
            Id = response.Id,
            RelatedEntityIdentifiers = new RelatedEntityIdentifiers
            {
                Solutions = ids?.Solutions ?? [],
                AwsProducts = ids?.AwsProducts ?? [],
                AwsMarketplaceOffers = ids?.AwsMarketplaceOffers ?? [],
                AwsMarketplaceOfferSets = ids?.AwsMarketplaceOfferSets ?? [],
                AwsMarketplaceSolutions = ids?.AwsMarketplaceSolutions ?? [],
                AwsMarketplaceProducts = ids?.AwsMarketplaceProducts ?? [],
            },
            OpportunityTeam = (response.OpportunityTeam ?? [])
                .Select(c => new OpportunityContact(c.Email, c.FirstName, c.LastName, c.BusinessTitle, c.Phone))
                .ToList(),
            LastModifiedDate = DateText(response.LastModifiedDate),
            CreatedDate = DateText(response.CreatedDate),
            RequestId = RequestId(response),
            Stage = response.LifeCycle?.Stage,
            ReviewStatus = response.LifeCycle?.ReviewStatus,
        };
    }

    public async Task<ListSolutionsResponse> ListSolutionsAsync(ListSolutionsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "ListSolutions";
        Preflight(operation, null, RequestValidator.Validate(request));
        var response = await CallAsync(operation, "(account)", () => sdk.ListSolutionsAsync(new Sdk.ListSolutionsRequest
        {
            Catalog = request.Catalog,
            NextToken = request.NextToken,
            MaxResults = request.MaxResults,
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var solutions = (response.SolutionSummaries ?? [])
            .Where(s => !string.IsNullOrEmpty(s.Id))
            .Select(s => new SolutionSummary(s.Id!, s.Arn, s.Name, s.Status ?? string.Empty))
            .ToList();
        return new ListSolutionsResponse(solutions, string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken, RequestId(response));
    }

    private static string? DateText(DateTime? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private void Preflight(string operation, string? opportunityId, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        LogPreflightRejected(logger, operation, opportunityId, string.Join(", ", errors.Select(e => $"{e.FieldName} {e.Code}")));
        throw PartnerCentralValidationException.Preflight(operation, errors);
    }

    private async Task<TResponse> CallAsync<TResponse>(string operation, string opportunityId, Func<Task<TResponse>> call, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse
    {
        var started = timeProvider.GetTimestamp();
        var refreshed = false;
        while (true)
        {
            PartnerCentralException error;
            try
            {
                var response = await call().ConfigureAwait(false);
                if ((int)response.HttpStatusCode is >= 300 and < 400)
                {
                    // The SDK takes a 3xx it did not follow for an answer; it is none (PartnerCentralErrorMapping).
                    throw PartnerCentralErrorMapping.Redirect((int)response.HttpStatusCode, RequestId(response));
                }

                LogCallSucceeded(logger, operation, opportunityId, (int)response.HttpStatusCode, Elapsed(started), RequestId(response));
                return response;
            }
            catch (PartnerCentralException e)
            {
                // Raised inside the SDK's pipeline by our credential source (no credentials found).
                error = e;
            }
            catch (AmazonUnmarshallingException e) when (e.InnerException is not (JsonException or FormatException or null))
            {
                // An answer our reader cannot take (an epoch beyond any date): not a Partner Central outcome, so it
                // reaches the sync as the unexpected exception it is, as before the SDK.
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
            catch (AmazonUnmarshallingException e)
            {
                // A read is safe to repeat, so an unreadable answer is worth another try.
                error = new PartnerCentralTransientException(
                    $"UnreadableResponse: {operation} answered HTTP {(int)e.StatusCode} with a body that is not the expected JSON (request id {e.RequestId ?? "none"})",
                    "UnreadableResponse", (int)e.StatusCode, e.RequestId, e);
            }
            catch (AmazonServiceException e)
            {
                error = PartnerCentralErrorMapping.FromSdk(e);
            }
            catch (Exception e) when (e is TimeoutException || e.InnerException is TimeoutException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The caller did not cancel, so the HTTP timeout fired: the call may or may not have landed.
                error = new PartnerCentralTransientException(
                    $"Timeout: {operation} got no answer within {sdk.Config.Timeout?.TotalSeconds ?? 0:0.###} s", "Timeout", httpStatus: null, requestId: null, e);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or AmazonClientException)
            {
                error = new PartnerCentralTransientException(
                    $"ConnectionFailure: {operation} could not reach {sdk.Config.ServiceURL}: {e.Message}", "ConnectionFailure", httpStatus: null, requestId: null, e);
            }

            if (!refreshed && PartnerCentralErrorMapping.ExpiredTokenTypes.Contains(error.ErrorType))
            {
                LogTokenExpired(logger, operation, opportunityId, error.RequestId);
                credentials.Invalidate();
                refreshed = true;
                continue;
            }

            LogCallFailed(logger, operation, opportunityId, error.ErrorType, error.Kind, error.HttpStatus, error.IsRetryable, Elapsed(started), error.RequestId);
            throw error;
        }
    }

    private static string? RequestId(AmazonWebServiceResponse response) =>
        string.IsNullOrEmpty(response.ResponseMetadata?.RequestId) ? null : response.ResponseMetadata.RequestId;

    private long Elapsed(long started) => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
}
