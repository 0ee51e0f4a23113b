using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PartnerCentral.Emulator.Auth;
using PartnerCentral.Emulator.Calls;
using PartnerCentral.Emulator.Faults;
using PartnerCentral.Emulator.Protocol;
using PartnerCentral.Emulator.Quotas;

namespace PartnerCentral.Emulator.Api;

/// <summary><c>POST /</c>: one awsJson1_0 call, checked in the order the service's layers check it: operation
/// name, signature, content type and body, injected faults, quota, field rules, business rules. Injected faults
/// come before the quota so they never use up a slot (a throttled call consumes nothing); a call that fails
/// validation has used its slot, as with the real service.</summary>
internal sealed class SellingEndpoint(
    SignatureVerifier verifier,
    FaultInjector faults,
    QuotaLimiter quotas,
    OpportunityOperations operations,
    CallLog calls,
    [FromKeyedServices(EmulatorClock.Key)] TimeProvider clock,
    ILogger<SellingEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;

        // The emulator's time, not the host's: what a client corrects its clock skew by (as for the real service).
        context.Response.Headers.Date = clock.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = OperationOf(target);
        SellingCall? call = null;
        object? output = null;
        var malformed = false;
        DateTimeOffset? countedAt = null;
        var error = operation is null
            ? AwsErrors.UnknownOperation(target.Length == 0 ? "Missing X-Amz-Target header." : $"Unknown operation {target}.")
            : verifier.Verify(context.Request, body) ?? CheckContentType(context.Request);

        if (error is null)
        {
            try
            {
                call = RequestReader.Read(operation!, body);
            }
            catch (RequestSerializationException e)
            {
                error = AwsErrors.Serialization(e.Message);
            }
        }

        if (call is not null)
        {
            var decision = faults.Decide(call);
            malformed = decision.Malformed;
            if (decision.Delay > TimeSpan.Zero)
            {
                await Task.Delay(decision.Delay, cancellationToken);
            }

            if (decision.Error is not null)
            {
                error = decision.Error;
            }
            else if (quotas.TryAcquire(SellingOperation.IsWrite(call.Operation), out var at))
            {
                countedAt = at;
            }
            else
            {
                error = AwsErrors.Throttling();
            }

            if (error is null)
            {
                output = operations.Execute(call, out error);
            }
        }

        if (error is null)
        {
            await AwsResponseWriter.WriteAsync(context.Response, malformed ? AwsResponseWriter.WithOutOfRangeDate(output) : output ?? new object(), cancellationToken);
        }
        else
        {
            await AwsResponseWriter.WriteErrorAsync(context.Response, error, cancellationToken);
        }

        Record(operation ?? (target.Length == 0 ? "(none)" : target), call, context.Response.StatusCode, error?.Type, requestId, countedAt);
    }

    private void Record(string operation, SellingCall? call, int status, string? errorType, string requestId, DateTimeOffset? countedAt)
    {
        calls.Add(new CallRecord(clock.GetUtcNow(), operation, call?.Catalog, call?.OpportunityId, call?.EntityType, call?.EntityId, status, errorType, requestId, countedAt));
        EmulatorLog.Call(logger, operation, call?.Catalog, call?.OpportunityId, call?.EntityType, call?.EntityId, status, errorType, requestId);
    }

    private static string? OperationOf(string target)
    {
        if (!target.StartsWith(AwsJson.TargetPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = target[AwsJson.TargetPrefix.Length..];
        return SellingOperation.All.FirstOrDefault(o => o == name);
    }

    /// <summary>awsJson1_0 services only decode their own content type; anything else is a SerializationException.</summary>
    private static AwsError? CheckContentType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && string.Equals(mediaType.MediaType, AwsJson.ContentType, StringComparison.OrdinalIgnoreCase)
            ? null
            : AwsErrors.Serialization($"Expected content type {AwsJson.ContentType}.");

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
