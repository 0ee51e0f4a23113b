namespace Connector.Host.Cli;

/// <summary>The command line itself is wrong: printed with the usage, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
