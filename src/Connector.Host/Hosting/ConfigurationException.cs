namespace Connector.Host.Hosting;

/// <summary>An expected operator mistake (missing or bad setting): printed as one line, exit code 2.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
