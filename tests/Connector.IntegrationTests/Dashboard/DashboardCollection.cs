namespace Connector.IntegrationTests.Dashboard;

/// <summary>Hangfire's storage is process-wide (JobStorage.Current): in-process dashboard hosts run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection
{
    public const string Name = "in-process dashboard host";
}
