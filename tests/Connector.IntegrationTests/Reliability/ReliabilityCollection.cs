namespace Connector.IntegrationTests.Reliability;

/// <summary>The reliability scenarios measure pace and timing with real child processes: they run one at a time,
/// after the parallel tests, so they neither starve each other nor distort each other's figures on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
