using Microsoft.Extensions.Logging;

namespace Connector.Host.Postgres;

public sealed partial class PrivatePostgres
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Initialised PostgreSQL cluster in {DataDirectory} owned by {OsUser}")]
        public static partial void Initialised(ILogger logger, string dataDirectory, string osUser);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Private PostgreSQL listening on 127.0.0.1:{Port} (data {DataDirectory})")]
        public static partial void Started(ILogger logger, int port, string dataDirectory);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Port {Port} was taken before PostgreSQL could bind it (attempt {Attempt}); trying another")]
        public static partial void PortTaken(ILogger logger, int port, int attempt);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Private PostgreSQL on port {Port} stopped")]
        public static partial void Stopped(ILogger logger, int port);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not clean up {Path}")]
        public static partial void CleanupFailed(ILogger logger, string path, Exception exception);
    }
}
