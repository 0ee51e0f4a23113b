using System.Text.Json;
using Connector.IntegrationTests.Dashboard;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Jobs;
using Connector.IntegrationTests.Reliability;
using Connector.Jobs;
using Connector.Operations;
using Connector.Sync;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.IntegrationTests.Operations;

/// <summary>Alerts from the real serve host to a real HTTP receiver on loopback: retried after a 500, free of personal
/// data, sent once per event however many servers watch, and recorded for the Sync page.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class AlertWebhookTests
{
    private const string Email = "jane.doe@example.com";
    private const string Phone = "+1 206 555 0100";

    [Fact]
    public async Task Webhook_ReceivesPauseAgainAfterA500AndThenTheResume_WithoutPersonalData()
    {
        var database = new DatabaseFixture();
        await database.InitializeAsync();
        try
        {
            await using var receiver = await LoopbackReceiver.StartAsync(n => n == 1 ? 500 : 200);
            await using var host = await DashboardHost.StartAsync(database.ConnectionString, Settings(receiver, AlertWebhookKind.Json));
            var pacer = host.Services.GetRequiredService<AccountPacer>();

            await pacer.PauseAsync($"AccessDeniedException: user {Email} (phone {Phone}) may not call AssociateOpportunity", CancellationToken.None);
            var requests = await receiver.WaitForAsync(r => r.Count >= 2, TimeSpan.FromSeconds(30));

            Assert.Equal(2, requests.Count);
            Assert.Equal(requests[0].Text, requests[1].Text);
            Assert.Equal("/hooks/T000/B000/secret-part", requests[1].Path);
            var paused = JsonDocument.Parse(requests[1].Text).RootElement;
            Assert.Equal(AlertKind.SyncPaused, paused.GetProperty("kind").GetString());
            Assert.Contains("AccessDeniedException", paused.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("connector resume", paused.GetProperty("action").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, paused.GetProperty("changes").GetInt32());
            AssertNoPersonalData(requests[1].Text);
            var delivery = await DeliveryAsync(database.ConnectionString, AlertKind.SyncPaused);
            Assert.Equal((2, 200), (delivery.Attempts, delivery.LastStatus));
            Assert.NotNull(delivery.DeliveredAt);
            Assert.Equal("127.0.0.1:" + receiver.BaseAddress.Port, delivery.Target);

            await pacer.ResumeAsync(CancellationToken.None);
            requests = await receiver.WaitForAsync(r => r.Count >= 3, TimeSpan.FromSeconds(30));

            Assert.Equal(3, requests.Count);
            Assert.Equal(AlertKind.SyncResumed, JsonDocument.Parse(requests[2].Text).RootElement.GetProperty("kind").GetString());

            // The Sync page shows both, delivered, with the webhook's host and never its path.
            using var browser = new HttpClient();
            var page = await browser.GetStringAsync(host.Url("/hangfire/sync"));
            Assert.Contains("id=\"sync-alerts-table\"", page, StringComparison.Ordinal);
            Assert.Contains($"data-alert-kind=\"{AlertKind.SyncPaused}\"", page, StringComparison.Ordinal);
            Assert.Contains($"data-alert-kind=\"{AlertKind.SyncResumed}\"", page, StringComparison.Ordinal);
            Assert.Contains("delivered</span>", page, StringComparison.Ordinal);
            Assert.Contains("(attempt 2)", page, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-part", page, StringComparison.Ordinal);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Webhook_GetsEachEventExactlyOnce_WhenTwoServersWatchTheSameDatabase()
    {
        var database = new DatabaseFixture();
        await database.InitializeAsync();
        try
        {
            await using var receiver = await LoopbackReceiver.StartAsync();
            await using var first = await DashboardHost.StartAsync(database.ConnectionString, Settings(receiver, AlertWebhookKind.Slack));
            await using var second = await DashboardHost.StartAsync(database.ConnectionString, Settings(receiver, AlertWebhookKind.Slack));

            await first.Services.GetRequiredService<AccountPacer>().PauseAsync($"CredentialsNotFound: no credentials for {Email}", CancellationToken.None);
            await receiver.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(30));
            // Both servers keep looking (every 100 ms) for a while: no second copy may come.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await second.Services.GetRequiredService<AccountPacer>().ResumeAsync(CancellationToken.None);
            await receiver.WaitForAsync(r => r.Count >= 2, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2));

            var requests = receiver.Requests.ToList();
            Assert.Equal(2, requests.Count);
            var texts = requests.Select(r => JsonDocument.Parse(r.Text).RootElement).ToList();
            Assert.All(texts, t => Assert.Equal(["text"], t.EnumerateObject().Select(p => p.Name)));
            Assert.StartsWith("*Sync paused", texts[0].GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("*Sync resumed", texts[1].GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.All(requests, r => AssertNoPersonalData(r.Text));
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from connector.alert_events"));
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from connector.alert_deliveries where delivered_at is not null and attempts = 1"));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sync_SendsEverything_WhileTheWebhookHangs()
    {
        var database = new DatabaseFixture();
        await database.InitializeAsync();
        try
        {
            await using var receiver = await LoopbackReceiver.StartAsync();
            receiver.Delay = TimeSpan.FromMinutes(2);
            var settings = Settings(receiver, AlertWebhookKind.Json);
            settings["Alerts:RequestTimeout"] = "00:00:00.500";
            await using var host = await DashboardHost.StartAsync(database.ConnectionString, settings);
            var pacer = host.Services.GetRequiredService<AccountPacer>();
            await pacer.PauseAsync("AccessDeniedException: test", CancellationToken.None);
            await receiver.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(30));
            var changes = await Workload.StageAsync(database.ConnectionString, host.Emulator, associates: 30);

            // A manual sync lifts the pause (another alert for the hanging webhook) and sends the changes meanwhile.
            await host.Services.GetRequiredService<SyncJob>().RunAsync("manual", CancellationToken.None);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (await Workload.OpenCountAsync(database.ConnectionString) > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(0, await Workload.OpenCountAsync(database.ConnectionString));
            Assert.Empty(await changes.WrongStatusesAsync(database.ConnectionString));
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            var deliveries = (await connection.QueryAsync<(int Attempts, string? LastError, DateTime? DeliveredAt)>(
                "select attempts, last_error, delivered_at from connector.alert_deliveries")).ToList();
            Assert.Equal(2, deliveries.Count);
            Assert.All(deliveries, d => Assert.Null(d.DeliveredAt));
            Assert.Contains(deliveries, d => d.Attempts >= 1 && d.LastError == "no answer within 0.5 s");
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings(LoopbackReceiver receiver, string kind) => new()
    {
        // A Slack-like path: the part after the host is the secret.
        ["Alerts:Webhooks:0:Url"] = new Uri(receiver.BaseAddress, "hooks/T000/B000/secret-part").ToString(),
        ["Alerts:Webhooks:0:Kind"] = kind,
        ["Alerts:PollInterval"] = "00:00:00.100",
        ["Alerts:RetryBaseDelay"] = "00:00:00.300",
    };

    private static void AssertNoPersonalData(string payload)
    {
        Assert.DoesNotContain("jane.doe", payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@example.com", payload, StringComparison.OrdinalIgnoreCase);
        // The phone in any spelling (a bare "555" also occurs in timestamps and ids).
        Assert.DoesNotContain(Phone, payload, StringComparison.Ordinal);
        Assert.DoesNotContain("206 555", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("2065550100", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-part", payload, StringComparison.Ordinal);
    }

    private static async Task<DeliveryRow> DeliveryAsync(string connectionString, string kind)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<DeliveryRow>("""
            select d.attempts, d.last_status, d.delivered_at, d.target
              from connector.alert_deliveries d join connector.alert_events e on e.id = d.event_id
             where e.kind = @kind
            """, new { kind });
    }

    private sealed class DeliveryRow
    {
        public int Attempts { get; init; }

        public int? LastStatus { get; init; }

        public DateTime? DeliveredAt { get; init; }

        public string Target { get; init; } = string.Empty;
    }
}
