using Connector.Host.Cli;

namespace Connector.Host;

// A named entry point, not top-level statements: those generate a public global Program, which would clash
// with the emulator's in projects referencing both (the integration tests, the demo).
internal static class Program
{
    public static Task<int> Main(string[] args) => ConnectorCli.RunAsync(args, CancellationToken.None);
}
