using System.Diagnostics;
using System.Text.Json;
using Connector.PartnerCentral;

namespace Connector.Sync;

/// <summary>A failed call as the sender records it: its class for the retry policy, the error type that goes to
/// <c>crm_changes.error_type</c> and the attempt, and the summary that goes to the change's detail.</summary>
internal sealed record SendFailure(FailureClass Class, string ErrorType, string Summary, int? HttpStatus, string Message, string? FieldErrorsJson, string? RequestId)
{
    /// <summary>Error type of an exception that is not an answer of the API (a bug in the client or the mapping).</summary>
    public const string UnexpectedType = "UnexpectedError";

    public static SendFailure From(Exception error)
    {
        if (error is not PartnerCentralException api)
        {
            // The exception's message may echo an answer (an email): the detail names only its type.
            var summary = $"{UnexpectedType}: {error.GetType().Name} while calling or reading the answer";
            return new SendFailure(FailureClass.Unexpected, UnexpectedType, summary, null, summary, null, null);
        }

        var reason = api switch
        {
            PartnerCentralValidationException v when v.Reason is not null => $" ({v.Reason})",
            PartnerCentralAccessDeniedException a when a.Reason is not null => $" ({a.Reason})",
            _ => string.Empty,
        };
        var fields = api is PartnerCentralValidationException { FieldErrors.Count: > 0 } validation
            ? "; " + string.Join("; ", validation.FieldErrors)
            : string.Empty;
        // The client's message is "<Type>: <API message> (HTTP n, request id r)": keep it whole, type first once.
        var prefix = api.ErrorType + ": ";
        var text = api.Message.StartsWith(prefix, StringComparison.Ordinal) ? api.Message[prefix.Length..] : api.Message;
        var json = api is PartnerCentralValidationException { FieldErrors.Count: > 0 } withFields ? JsonSerializer.Serialize(withFields.FieldErrors) : null;
        return new SendFailure(RetryPolicy.Classify(api.Kind), api.ErrorType, $"{api.ErrorType}{reason}: {text}{fields}", api.HttpStatus, api.Message, json, api.RequestId);
    }
}

/// <summary>The attempt row a slot reserved, and when its call went.</summary>
internal sealed record AttemptClock(long AttemptId, DateTimeOffset SentAt, Stopwatch Stopwatch);

/// <summary>How an attempt ended, as <c>connector.attempts</c> records it.</summary>
internal sealed record AttemptResult(string Outcome, int? HttpStatus, string? ErrorType, string? Message, string? FieldErrorsJson, string? RequestId)
{
    public static AttemptResult Ok(int httpStatus, string? requestId) => new("ok", httpStatus, null, null, null, requestId);

    public static AttemptResult Error(SendFailure failure) =>
        new("error", failure.HttpStatus, failure.ErrorType, failure.Message, failure.FieldErrorsJson, failure.RequestId);
}
