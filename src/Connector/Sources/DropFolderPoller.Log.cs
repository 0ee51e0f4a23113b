using Microsoft.Extensions.Logging;

namespace Connector.Sources;

public sealed partial class DropFolderPoller
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Claimed dropped file {FileName} as {ClaimedName}")]
    private static partial void LogClaimed(ILogger logger, string fileName, string claimedName);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Taking over {ClaimedName}: claimed more than {ClaimTimeout} ago by a server that did not finish it")]
    private static partial void LogTakenOver(ILogger logger, string claimedName, TimeSpan claimTimeout);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Moved {FileName} to {Folder} ({Outcome})")]
    private static partial void LogMoved(ILogger logger, string fileName, string folder, ImportOutcome outcome);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Debug, Message = "Leaving {FileName} for a later poll: written to {Age} ago or changed since the last poll, it may still be copying")]
    private static partial void LogStillBeingWritten(ILogger logger, string fileName, TimeSpan age);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Import of {FileName} failed; put it back in the drop folder for the next poll")]
    private static partial void LogReleased(ILogger logger, string fileName);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Warning, Message = "Import of {FileName} failed and it could not be put back; it stays in processing/ until a server takes it over")]
    private static partial void LogNotReleased(ILogger logger, string fileName, Exception exception);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Warning, Message = "Moved {FileName} aside to rejected/: it is {Kind}, never followed or read")]
    private static partial void LogNotRegular(ILogger logger, string fileName, DropFolderEntryKind kind);
}
