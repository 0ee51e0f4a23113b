using Microsoft.Extensions.Logging;

namespace Connector.PartnerCentral;

// Only operation, opportunity id, status, error type, request id and duration are logged: never credentials,
// signatures, headers, or the API's messages (they can echo an assignee's email or phone).
public sealed partial class PartnerCentralClient
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Partner Central {Operation} {OpportunityId}: HTTP {HttpStatus} in {ElapsedMs} ms, request id {RequestId}")]
    private static partial void LogCallSucceeded(ILogger logger, string operation, string opportunityId, int httpStatus, long elapsedMs, string? requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Partner Central {Operation} {OpportunityId} failed: {ErrorType} ({ErrorKind}), HTTP {HttpStatus}, retryable {IsRetryable}, in {ElapsedMs} ms, request id {RequestId}")]
    private static partial void LogCallFailed(
        ILogger logger, string operation, string opportunityId, string errorType, PartnerCentralErrorKind errorKind, int? httpStatus, bool isRetryable, long elapsedMs, string? requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Partner Central {Operation} {OpportunityId} not sent, it breaks the field rules: {FieldRules}")]
    private static partial void LogPreflightRejected(ILogger logger, string operation, string? opportunityId, string fieldRules);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Partner Central {Operation} {OpportunityId}: the session token expired (request id {RequestId}); credentials refreshed, sending once more")]
    private static partial void LogTokenExpired(ILogger logger, string operation, string opportunityId, string? requestId);
}
