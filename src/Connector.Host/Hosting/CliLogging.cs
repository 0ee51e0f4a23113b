using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Connector.Host.Hosting;

/// <summary>Where a one-shot command's logs go (sync, import, status, retry, resume, changes, reconcile, migrate): the
/// host's and the jobs' logs are not the command's output, so they go to a log file, and also to stderr with
/// <c>--verbose</c>; stdout carries only what the command prints (pure JSON with <c>--json</c>). The services
/// (serve, demo) keep logging to the console.</summary>
public sealed class CliLogging(bool verbose) : IDisposable
{
    /// <summary>The folder of the log files, relative to the working directory; a file per UTC day.</summary>
    public const string FolderKey = "Logging:File:Folder";

    public const string DefaultFolder = ".connector/logs";

    private LogFileProvider? file;

    public bool Verbose { get; } = verbose;

    public static string FilePath(IConfiguration configuration) =>
        Path.GetFullPath(Path.Combine(
            configuration[FolderKey] is { Length: > 0 } folder ? folder : DefaultFolder,
            $"connector-{DateTime.UtcNow:yyyyMMdd}.log"));

    /// <summary>Replaces the builder's providers: the log file, plus stderr when verbose. Levels come from
    /// <c>Logging:LogLevel:*</c> as for the services.</summary>
    public void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.AddConfiguration(configuration.GetSection("Logging"));
        file ??= new LogFileProvider(FilePath(configuration));
        logging.AddProvider(new SharedProvider(file));
        if (Verbose)
        {
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    /// <summary>One line on stderr, once the command is done, naming the log file if anything was written to it.</summary>
    public void ReportLocation(TextWriter error)
    {
        if (file?.Problem is { } problem)
        {
            error.WriteLine($"log: could not write {file.Path} ({problem}); set {FolderKey} to a writable folder.");
        }
        else if (file is { Written: true })
        {
            error.WriteLine($"log: {file.Path}");
        }
    }

    public void Dispose() => file?.Dispose();

    // Each service provider disposes its providers; the file outlives them (a command may build more than one).
    private sealed class SharedProvider(LogFileProvider inner) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => inner.SetScopeProvider(scopeProvider);

        public void Dispose()
        {
        }
    }
}
