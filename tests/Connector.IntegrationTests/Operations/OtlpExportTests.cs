using Connector.IntegrationTests.Dashboard;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Jobs;

namespace Connector.IntegrationTests.Operations;

/// <summary>The OTLP exporter, configured by the standard OTEL_EXPORTER_OTLP_* settings, sends the connector's metrics to
/// an OTLP/HTTP receiver on loopback, with the account's values as the database has them. OpenTelemetry listens to meters by name
/// process-wide, so another host in this process would add its database's values: the collection runs it alone.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class OtlpExportTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task OtlpExporter_SendsAccountMetrics_WhenOtelExporterEndpointIsSet()
    {
        await OperationsSeed.AccountAsync(database.ConnectionString);
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DashboardHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseAddress.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["PartnerCentral:WritesPer24Hours"] = "100",
        });

        var requests = await receiver.WaitForAsync(r => r.Any(x => Names(x).Contains("connector.queue.depth")), TimeSpan.FromSeconds(30));

        var export = requests.Last(x => Names(x).Contains("connector.queue.depth"));
        Assert.Equal("/v1/metrics", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        var points = OtlpMetricsRequest.Parse(export.Body);
        Assert.Equal(await OperationsSeed.ScalarAsync(database.ConnectionString, "select count(*) from connector.send_queue"), Point(points, "connector.queue.depth"));
        Assert.Equal(100 - await OperationsSeed.ScalarAsync(database.ConnectionString, "select count(*) from connector.attempts where is_write and slot_at > now() - interval '24 hours'"),
            Point(points, "connector.budget.writes.remaining"));
        Assert.Equal(1, points.Single(p => p.Name == "connector.api.throttles").Value);
        var okWrites = await OperationsSeed.ScalarAsync(database.ConnectionString, "select count(*) from connector.attempts where is_write and operation = 'AssociateOpportunity' and outcome = 'ok'");
        Assert.True(points.Any(p => p.Name == "connector.api.writes" && p.Attributes.GetValueOrDefault("rpc.method") == "AssociateOpportunity"
            && p.Attributes.GetValueOrDefault("connector.outcome") == "ok" && p.Value == okWrites), string.Join("; ", points.Where(p => p.Name == "connector.api.writes").Select(p => $"{p.Value} {string.Join(",", p.Attributes)}")));
        Assert.Contains(points, p => p.Name.StartsWith("db.client.", StringComparison.Ordinal));
    }

    private static HashSet<string> Names(ReceivedRequest request)
    {
        try
        {
            return OtlpMetricsRequest.Parse(request.Body).Select(p => p.Name).ToHashSet();
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static double Point(IReadOnlyList<OtlpPoint> points, string name) => Assert.Single(points, p => p.Name == name).Value;
}
