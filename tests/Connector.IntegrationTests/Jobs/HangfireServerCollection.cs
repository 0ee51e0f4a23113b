namespace Connector.IntegrationTests.Jobs;

/// <summary>Hangfire keeps some process-wide settings (GlobalConfiguration, job filters): test classes that host a
/// Hangfire server in-process run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireServerCollection
{
    public const string Name = "Hangfire server in process";
}
