using Microsoft.Extensions.Logging;

namespace PartnerCentral.Emulator;

/// <summary>The emulator's log lines. Only ids, statuses and error types: never assignee details, credentials
/// or signatures.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Operation} {Catalog}/{OpportunityId} {EntityType} {EntityId} -> {Status} {ErrorType} (request {RequestId})")]
    public static partial void Call(ILogger logger, string operation, string? catalog, string? opportunityId, string? entityType, string? entityId, int status, string? errorType, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Control API refused for {RemoteAddress}: {Reason}")]
    public static partial void ControlRefused(ILogger logger, string? remoteAddress, string reason);
}
