using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Connector.Host.Hosting;

/// <summary>Appends log entries to one file, opened at the first entry (a command that logs nothing leaves no file).
/// One line per entry (UTC time, level, category, message, scopes), then the exception's lines, if any. Several
/// commands may append to the same day's file at once: each write goes to the file's current end.</summary>
public sealed class LogFileProvider(string path) : ILoggerProvider, ISupportExternalScope
{
    private readonly Lock gate = new();
    private IExternalScopeProvider? scopes;
    private StreamWriter? writer;
    private bool failed;

    public string Path { get; } = path;

    /// <summary>Whether any entry reached the file.</summary>
    public bool Written { get; private set; }

    /// <summary>Why the file could not be opened, if it could not: the command goes on without it.</summary>
    public string? Problem { get; private set; }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
        lock (gate)
        {
            writer?.Dispose();
            writer = null;
        }
    }

    private void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        var line = new StringBuilder()
            .Append(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(' ').Append(Level(level)).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("] ")
            .Append(message);
        scopes?.ForEachScope((scope, text) =>
        {
            // Structured scopes (run id, change id) as name=value, not as their type name.
            text.Append(" => ");
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                text.AppendJoin(", ", pairs.Select(p => $"{p.Key}={p.Value}"));
            }
            else
            {
                text.Append(scope);
            }
        }, line);
        if (exception is not null)
        {
            line.AppendLine().Append(exception);
        }

        lock (gate)
        {
            if (failed || Open() is not { } file)
            {
                return;
            }

            file.BaseStream.Seek(0, SeekOrigin.End);
            file.WriteLine(line);
            file.Flush();
            Written = true;
        }
    }

    private StreamWriter? Open()
    {
        if (writer is not null)
        {
            return writer;
        }

        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
            if (!OperatingSystem.IsWindows())
            {
                // Logs name files, opportunities and request ids: this user's only, like the error reports.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            writer = new StreamWriter(new FileStream(Path, options), new UTF8Encoding(false));
            return writer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failed = true;
            Problem = e.Message;
            return null;
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private sealed class FileLogger(LogFileProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, eventId, formatter(state, exception), exception);
            }
        }
    }
}
