using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.PartnerCentral;

/// <summary>Partner Central Selling over awsJson1_0: every call is a POST of a JSON body to the configured endpoint,
/// signed by <see cref="Signing.SigV4SigningHandler"/> in the HttpClient's pipeline. Requests that break the model's
/// field rules are refused before any HTTP call (no quota slot spent). Nothing here retries: writes are not
/// idempotent, so the caller decides from <see cref="PartnerCentralException.IsRetryable"/> and its ledger.</summary>
public sealed partial class PartnerCentralClient(
    HttpClient httpClient,
    IOptions<PartnerCentralOptions> options,
    TimeProvider timeProvider,
    ILogger<PartnerCentralClient> logger) : IPartnerCentralClient
{
    public const string ContentType = "application/x-amz-json-1.0";
    public const string TargetPrefix = "AWSPartnerCentralSelling.";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Member names are the API's PascalCase property names as declared; absent optional members are omitted.
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };

    private readonly Uri _endpoint = new(options.Value.Endpoint, UriKind.Absolute);

    public async Task<WriteResult> AssociateOpportunityAsync(AssociateOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "AssociateOpportunity";
        Preflight(operation, request.OpportunityIdentifier, RequestValidator.Validate(request));
        var response = await SendAsync(operation, request.OpportunityIdentifier, request, cancellationToken).ConfigureAwait(false);
        return new WriteResult(response.Status, response.RequestId);
    }

    public async Task<WriteResult> DisassociateOpportunityAsync(DisassociateOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "DisassociateOpportunity";
        Preflight(operation, request.OpportunityIdentifier, RequestValidator.Validate(request));
        var response = await SendAsync(operation, request.OpportunityIdentifier, request, cancellationToken).ConfigureAwait(false);
        return new WriteResult(response.Status, response.RequestId);
    }

    public async Task<WriteResult> AssignOpportunityAsync(AssignOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "AssignOpportunity";
        Preflight(operation, request.Identifier, RequestValidator.Validate(request));

        // What was validated is what is sent: the email lower-cased as the model's pattern wants, names trimmed.
        var normalised = request with { Assignee = RequestValidator.Normalise(request.Assignee) };
        var response = await SendAsync(operation, request.Identifier, normalised, cancellationToken).ConfigureAwait(false);
        return new WriteResult(response.Status, response.RequestId);
    }

    public async Task<GetOpportunityResponse> GetOpportunityAsync(GetOpportunityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "GetOpportunity";
        Preflight(operation, request.Identifier, RequestValidator.Validate(request));
        var response = await SendAsync(operation, request.Identifier, request, cancellationToken).ConfigureAwait(false);

        GetOpportunityWire? wire;
        try
        {
            wire = response.Body.Length == 0 ? null : JsonSerializer.Deserialize<GetOpportunityWire>(response.Body, JsonOptions);
        }
        catch (JsonException e)
        {
            // A read is safe to repeat, so an unreadable answer is worth another try.
            throw new PartnerCentralTransientException(
                $"UnreadableResponse: GetOpportunity answered HTTP {response.Status} with a body that is not the expected JSON (request id {response.RequestId ?? "none"})",
                "UnreadableResponse", response.Status, response.RequestId, e);
        }

        return (wire ?? new GetOpportunityWire()).ToResponse(response.RequestId);
    }

    private void Preflight(string operation, string? opportunityId, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        LogPreflightRejected(logger, operation, opportunityId, string.Join(", ", errors.Select(e => $"{e.FieldName} {e.Code}")));
        throw PartnerCentralValidationException.Preflight(operation, errors);
    }

    private async Task<RawResponse> SendAsync<TRequest>(string operation, string opportunityId, TRequest payload, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, JsonOptions));

        // Exactly the protocol's media type: a charset parameter would be signed and sent, and is not what AWS expects.
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        message.Content = content;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);

        var started = timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The caller did not cancel, so HttpClient's own timeout fired: the call may or may not have landed.
            throw Failed(operation, opportunityId, started, new PartnerCentralTransientException(
                $"Timeout: {operation} got no answer within {httpClient.Timeout.TotalSeconds:0.###} s",
                "Timeout", httpStatus: null, requestId: null, e));
        }
        catch (HttpRequestException e)
        {
            throw Failed(operation, opportunityId, started, new PartnerCentralTransientException(
                $"ConnectionFailure: {operation} could not reach {_endpoint.GetLeftPart(UriPartial.Authority)}: {e.Message}",
                "ConnectionFailure", httpStatus: null, requestId: null, e));
        }
        catch (PartnerCentralException e)
        {
            // Raised inside the pipeline, e.g. no credentials found by the signing handler.
            LogCallFailed(logger, operation, opportunityId, e.ErrorType, e.Kind, e.HttpStatus, e.IsRetryable, Elapsed(started), e.RequestId);
            throw;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                LogCallSucceeded(logger, operation, opportunityId, status, Elapsed(started), requestId);
                return new RawResponse(status, requestId, body);
            }

            var error = PartnerCentralErrorMapping.FromResponse(status, Header(response, "X-Amzn-ErrorType"), requestId, body);
            throw Failed(operation, opportunityId, started, error);
        }
    }

    private PartnerCentralException Failed(string operation, string opportunityId, long started, PartnerCentralException error)
    {
        LogCallFailed(logger, operation, opportunityId, error.ErrorType, error.Kind, error.HttpStatus, error.IsRetryable, Elapsed(started), error.RequestId);
        return error;
    }

    private long Elapsed(long started) => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed record RawResponse(int Status, string? RequestId, byte[] Body);
}
