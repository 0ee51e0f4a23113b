using Connector.Host.Cli;

return await ConnectorCli.RunAsync(args, CancellationToken.None);

/// <summary>Exposed for WebApplicationFactory-style tests.</summary>
public partial class Program;
