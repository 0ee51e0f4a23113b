using System.Net;
using System.Net.Http.Headers;
using Connector.IntegrationTests.Dashboard;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Jobs;
using Connector.PartnerCentral;
using Connector.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.IntegrationTests.Operations;

/// <summary>/metrics on the real serve host: a Prometheus scrape, parsed strictly, reports the account's facts as the
/// database has them (queue, deferred, budget, calls by operation and outcome, errors by type, throttles), plus
/// Npgsql's own metrics and HttpClient's call latency. OpenTelemetry listens to meters by name
/// process-wide, so another host in this process would add its database's values: the collection runs it alone.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class MetricsEndpointTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Metrics_ReportAccountFactsAsTheDatabaseHasThem_WhenScrapedAsPrometheusText()
    {
        await OperationsSeed.AccountAsync(database.ConnectionString);
        await using var host = await DashboardHost.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["PartnerCentral:WritesPer24Hours"] = "100" });
        // One real call through the signed client, so HttpClient's latency histogram has a point.
        await host.Services.GetRequiredService<IPartnerCentralClient>().GetOpportunityAsync(new GetOpportunityRequest("AWS", "O987654321"), CancellationToken.None);
        await host.Services.GetRequiredService<AccountPacer>().PauseAsync("test pause", CancellationToken.None);

        var samples = await ScrapeAsync(host);

        var cs = database.ConnectionString;
        var used = await OperationsSeed.ScalarAsync(cs, "select count(*) from connector.attempts where is_write and slot_at > now() - interval '24 hours'");
        Assert.Equal(5, used);
        Assert.Equal(await OperationsSeed.ScalarAsync(cs, "select count(*) from connector.send_queue"), Single(samples, "connector_queue_depth"));
        Assert.Equal(await OperationsSeed.ScalarAsync(cs, "select count(*) from connector.crm_changes where status = 'deferred'"), Single(samples, "connector_changes_deferred"));
        Assert.Equal(await OperationsSeed.ScalarAsync(cs, "select count(*) from connector.crm_changes where status = 'failed' and error_type = 'ValidationException'"),
            Single(samples, "connector_changes_failed", ("error_type", "ValidationException")));
        Assert.Equal(1, Single(samples, "connector_changes_failed", ("error_type", "ResourceNotFoundException")));
        Assert.Equal(used, Single(samples, "connector_budget_writes_used"));
        Assert.Equal(100 - used, Single(samples, "connector_budget_writes_remaining"));
        Assert.Equal(100, Single(samples, "connector_budget_writes_limit"));
        Assert.Equal(1, Single(samples, "connector_sync_paused"));
        Assert.Equal(
            await OperationsSeed.ScalarAsync(cs, "select count(*) from connector.attempts where is_write and operation = 'AssociateOpportunity' and outcome = 'ok'"),
            Single(samples, "connector_api_writes_total", ("rpc_method", "AssociateOpportunity"), ("connector_outcome", "ok")));
        Assert.Equal(1, Single(samples, "connector_api_writes_total", ("rpc_method", "AssignOpportunity"), ("connector_outcome", "error")));
        // A call still on its way is not counted: finished outcomes only, so the counter never goes down.
        Assert.DoesNotContain(samples, s => s.Name == "connector_api_writes_total" && s.Has("connector_outcome", "sending"));
        Assert.Equal(1, Single(samples, "connector_api_reads_total", ("rpc_method", "GetOpportunity"), ("connector_outcome", "ok")));
        Assert.Equal(1, Single(samples, "connector_api_errors_total", ("rpc_method", "AssignOpportunity"), ("error_type", "ValidationException")));
        Assert.Equal(1, Single(samples, "connector_api_errors_total", ("rpc_method", "AssociateOpportunity"), ("error_type", "ThrottlingException")));
        Assert.Equal(1, Single(samples, "connector_api_throttles_total", ("rpc_method", "AssociateOpportunity")));
        var names = string.Join(" ", samples.Select(s => s.Name).Distinct());
        Assert.True(samples.Any(s => s.Name.StartsWith("db_client_", StringComparison.Ordinal)), "no Npgsql metric in: " + names);
        Assert.True(samples.Any(s => s.Name == "http_client_request_duration_seconds_count" && s.Value >= 1), "no call latency in: " + names);
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("connector_plan_", StringComparison.Ordinal));

        // A plan on this server: its duration is one histogram point.
        await host.Services.GetRequiredService<SyncService>().PlanAsync("test", CancellationToken.None);
        // The exporter answers a scrape within 300 ms of the last one from its cache.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        samples = await ScrapeAsync(host);
        Assert.Equal(1, Single(samples, "connector_plan_duration_seconds_count"));
    }

    [Fact]
    public void Parse_RejectsMalformedExposition_WhenALineIsNotASampleOrComment()
    {
        var good = "# HELP x_total help\n# TYPE x_total counter\nx_total{a=\"b\\\"c\"} 3\n";
        Assert.Equal("b\"c", Assert.Single(PrometheusText.Parse(good)).Labels["a"]);
        Assert.Throws<FormatException>(() => PrometheusText.Parse("x_total 3\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x gauge\nx{a=b} 3\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x gauge\nx 3 4 5\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x gauge\nx three\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x gauge\nx{a=\"\\q\"} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x gauge\n# TYPE x counter\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x sometype\n"));
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(DashboardHost host)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("/metrics"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static long Single(IReadOnlyList<PrometheusSample> samples, string name, params (string Label, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Has(l.Label, l.Value))).ToList();
        Assert.True(matching.Count == 1, $"{matching.Count} samples of {name} {string.Join(",", labels)}; names: {string.Join(" ", samples.Select(s => s.Name).Distinct().Where(n => n.StartsWith("connector", StringComparison.Ordinal)))}");
        return (long)matching[0].Value;
    }
}
