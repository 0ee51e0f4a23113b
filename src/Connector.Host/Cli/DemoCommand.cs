namespace Connector.Host.Cli;

public static class DemoCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        Console.WriteLine("demo: not yet");
        return Task.FromResult(0);
    }
}
