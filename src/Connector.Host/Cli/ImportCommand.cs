namespace Connector.Host.Cli;

public static class ImportCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        throw new UsageException("import is not available yet.");
}
