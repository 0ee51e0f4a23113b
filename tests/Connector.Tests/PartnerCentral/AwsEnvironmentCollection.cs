namespace Connector.Tests.PartnerCentral;

/// <summary>Tests that change AWS_* process environment variables run alone: the SDK's chain reads them globally.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AwsEnvironmentCollection
{
    public const string Name = "AWS environment";
}
