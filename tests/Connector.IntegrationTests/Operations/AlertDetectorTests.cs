using Connector.IntegrationTests.Infrastructure;
using Connector.Operations;
using Connector.Sync;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.IntegrationTests.Operations;

/// <summary>Detection from Postgres state: a run that settles with failures above the threshold, and the 24 h budget
/// used up with work left, each raise one event with a delivery per webhook that wants it.</summary>
public sealed class AlertDetectorTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task DetectAsync_RaisesRunFailuresOnceWithErrorTypes_WhenARunSettlesAboveTheThreshold()
    {
        await using var services = Services(budget: 10_000);
        var detector = services.GetRequiredService<AlertDetector>();
        var settled = await RunAsync(failed: 3, open: 0, "ValidationException", "ValidationException", "ConflictException");
        // Not told: at the threshold (not above it), and still open.
        await RunAsync(failed: 2, open: 0, "ValidationException", "ValidationException");
        var stillOpen = await RunAsync(failed: 3, open: 1, "ValidationException", "ValidationException", "ValidationException");

        var raised = (await detector.DetectAsync(CancellationToken.None)).Where(a => a.Kind == AlertKind.RunFailures).ToList();

        var alert = Assert.Single(raised);
        Assert.Equal(($"run-failures:{settled}", 3), (alert.Key, alert.Changes));
        Assert.Contains("ValidationException x2, ConflictException x1", alert.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(await detector.DetectAsync(CancellationToken.None), a => a.Kind == AlertKind.RunFailures);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        // Webhook 0 wants run failures only, webhook 1 everything: both get this one.
        Assert.Equal([0, 1], await connection.QueryAsync<int>(
            "select d.webhook from connector.alert_deliveries d join connector.alert_events e on e.id = d.event_id where e.event_key = @key order by 1", new { key = alert.Key }));

        // Once the open change settles, that run is told too.
        await connection.ExecuteAsync("update connector.crm_changes set status = 'synced' where run_id = @stillOpen and status = 'pending'", new { stillOpen });
        var later = Assert.Single(await detector.DetectAsync(CancellationToken.None), a => a.Kind == AlertKind.RunFailures);
        Assert.Equal($"run-failures:{stillOpen}", later.Key);
    }

    [Fact]
    public async Task DetectAsync_RaisesBudgetExhaustedOnce_WhenTheBudgetIsUsedUpWithWorkQueued()
    {
        await using var services = Services(budget: 2);
        var detector = services.GetRequiredService<AlertDetector>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.ExecuteAsync("""
            delete from connector.send_queue;
            insert into connector.attempts (operation, is_write, catalog, opportunity_id, slot_at, finished_at, outcome)
            select 'AssociateOpportunity', true, 'AWS', 'O' || n, now() - interval '1 hour', now(), 'ok' from generate_series(1, 2) n;
            """);
        Assert.DoesNotContain(await detector.DetectAsync(CancellationToken.None), a => a.Kind == AlertKind.BudgetExhausted);

        var change = await connection.ExecuteScalarAsync<long>("insert into connector.crm_changes (change_type, opportunity_id, status) values ('associate', 'O9', 'deferred') returning id");
        await connection.ExecuteAsync("insert into connector.send_queue (change_id, catalog, opportunity_id, operation, change_key, priority, not_before) values (@change, 'AWS', 'O9', 'AssociateOpportunity', 'k', 0, now() + interval '23 hours')", new { change });
        var raised = Assert.Single(await detector.DetectAsync(CancellationToken.None), a => a.Kind == AlertKind.BudgetExhausted);

        Assert.Equal(1, raised.Changes);
        Assert.Contains("2 of 2 writes", raised.Body, StringComparison.Ordinal);
        Assert.Contains("resumes by itself", raised.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(await detector.DetectAsync(CancellationToken.None), a => a.Kind == AlertKind.BudgetExhausted);
        // Webhook 0 wants run failures only.
        Assert.Equal([1], await connection.QueryAsync<int>(
            "select d.webhook from connector.alert_deliveries d join connector.alert_events e on e.id = d.event_id where e.event_key = @key", new { key = raised.Key }));
        await connection.ExecuteAsync("delete from connector.send_queue; delete from connector.attempts");
        await detector.DetectAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from connector.alert_events where kind = @kind and resolved_at is null", new { kind = AlertKind.BudgetExhausted }));
    }

    [Fact]
    public async Task DetectAsync_RaisesOnePauseAndOneResume_WhenThePauseIsStampedAgainWhilePaused()
    {
        await using var services = Services(budget: 10_000);
        var detector = services.GetRequiredService<AlertDetector>();
        var pacer = services.GetRequiredService<AccountPacer>();

        await pacer.PauseAsync("AccessDeniedException: first call", CancellationToken.None);
        var paused = Assert.Single(await detector.DetectAsync(CancellationToken.None), a => a.Kind is AlertKind.SyncPaused or AlertKind.SyncResumed);
        // A second call in flight meets the same refusal: paused_at moves, the pause is the same.
        await pacer.PauseAsync("AccessDeniedException: second call", CancellationToken.None);
        Assert.DoesNotContain(await detector.DetectAsync(CancellationToken.None), a => a.Kind is AlertKind.SyncPaused or AlertKind.SyncResumed);
        await pacer.ResumeAsync(CancellationToken.None);
        var resumed = Assert.Single(await detector.DetectAsync(CancellationToken.None), a => a.Kind is AlertKind.SyncPaused or AlertKind.SyncResumed);

        Assert.Equal(AlertKind.SyncPaused, paused.Kind);
        Assert.Equal((AlertKind.SyncResumed, $"sync-resumed:{paused.Key}"), (resumed.Kind, resumed.Key));
        Assert.DoesNotContain(await detector.DetectAsync(CancellationToken.None), a => a.Kind is AlertKind.SyncPaused or AlertKind.SyncResumed);
    }

    [Fact]
    public async Task RaiseAsync_RecordsAnEventFoundElsewhereOnce_WhenTheDriftCheckRaisesIt()
    {
        await using var services = Services(budget: 10_000);
        var detector = services.GetRequiredService<AlertDetector>();
        var drift = AlertText.DriftFound("check-42", 3, "3 associations differ; assignee jane.doe@example.com differs");

        Assert.True(await detector.RaiseAsync(drift, CancellationToken.None));
        Assert.False(await detector.RaiseAsync(drift, CancellationToken.None));

        Assert.DoesNotContain("jane.doe", drift.Body, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal([1], await connection.QueryAsync<int>(
            "select d.webhook from connector.alert_deliveries d join connector.alert_events e on e.id = d.event_id where e.event_key = 'drift-found:check-42'"));
    }

    private ServiceProvider Services(int budget)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PartnerCentral:WritesPer24Hours"] = budget.ToString(),
            ["Alerts:FailureThreshold"] = "2",
            ["Alerts:Webhooks:0:Url"] = "http://127.0.0.1:9/failures",
            ["Alerts:Webhooks:0:Events:0"] = AlertKind.RunFailures,
            ["Alerts:Webhooks:1:Url"] = "http://127.0.0.1:9/all",
        }).Build();
        return new ServiceCollection().AddLogging().AddConnectorCore(configuration, database.ConnectionString).AddConnectorAlerts(configuration).BuildServiceProvider();
    }

    private async Task<long> RunAsync(int failed, int open, params string[] errorTypes)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var run = await connection.ExecuteScalarAsync<long>("insert into connector.sync_runs (trigger, planned_at) values ('nightly', now()) returning id");
        for (var i = 0; i < failed + open; i++)
        {
            await connection.ExecuteAsync(
                "insert into connector.crm_changes (change_type, opportunity_id, status, error_type, run_id) values ('associate', 'O1', @status, @type, @run)",
                new { status = i < failed ? "failed" : "pending", type = i < failed ? errorTypes[i] : null, run });
        }

        return run;
    }
}
