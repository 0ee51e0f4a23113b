using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Connector.Tests.PartnerCentral;

/// <summary>A logger provider that keeps every formatted message, with its level and structured values.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, string Values)> Entries { get; } = new();

    public string AllText => string.Join('\n', Entries.Select(e => $"{e.Level} {e.Category} {e.Message} {e.Values}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception), values + (exception is null ? string.Empty : " " + exception)));
        }
    }
}
