using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Connector.IntegrationTests.Sources;

/// <summary>Keeps every formatted message and structured value, so tests can check what reaches the logs.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        Entries.Enqueue($"{logLevel} {formatter(state, exception)} | {values}");
    }
}
