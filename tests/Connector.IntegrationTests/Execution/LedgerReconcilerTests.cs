using Connector.Changes;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Ledger;
using Connector.PartnerCentral;
using Dapper;
using Npgsql;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Execution;

/// <summary>The reconcile against the emulator, with Partner Central edited behind the connector's back (as a person
/// in the Partner Central UI would, through the emulator's seed).</summary>
public sealed class LedgerReconcilerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly StagingTable staging = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await staging.ResetAsync();
        await staging.ExecuteAsync("truncate connector.drift");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reconcile_RecordsARemovedAssociation_AndTheReassertingRowIsSentAtOnce()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        await staging.AssociateAsync("O6301", "Solutions", "S-1");
        await harness.PlanAsync();
        await harness.DrainAsync();
        harness.Emulator.Seed(new SeedOpportunity { Id = "O6301", RelatedEntityIdentifiers = new RelatedEntityIdentifiers() });

        var summary = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);
        var again = await staging.AssociateAsync("O6301", "Solutions", "S-1");
        await harness.PlanAsync();
        await harness.DrainAsync();

        var drift = Assert.Single(summary.Drifts);
        Assert.Equal((LedgerReconciler.AssociationRemoved, "S-1", "associated", "not associated"), (drift.Kind, drift.EntityId, drift.LedgerSaid, drift.PartnerCentralHas));
        Assert.Equal(1, await CountAsync("select count(*)::int from connector.drift where kind = 'association-removed' and opportunity_id = 'O6301'"));
        Assert.Equal(ChangeStatus.Synced, (await staging.StatusAsync(again)).Status);
        Assert.Equal(2, harness.Writes().Count(w => w == "AssociateOpportunity O6301 S-1"));
        Assert.Equal(1, summary.Freshness.VerifiedLast24Hours);
    }

    [Fact]
    public async Task Reconcile_ReappliesTheCrmsLastDesiredState_WhenTheDriftPolicyIsReapply()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { ["Sync:DriftPolicy"] = "Reapply" });
        var id = await staging.AssociateAsync("O6302", "AwsProducts", "AWSLambda");
        await harness.PlanAsync();
        await harness.DrainAsync();
        harness.Emulator.Seed(new SeedOpportunity { Id = "O6302", RelatedEntityIdentifiers = new RelatedEntityIdentifiers() });

        var summary = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);
        var (status, detail) = await staging.StatusAsync(id);
        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(1, summary.Reapplied);
        Assert.Equal(ChangeStatus.Pending, status);
        Assert.StartsWith("re-applied after drift #", detail);
        Assert.Equal(ChangeStatus.Synced, (await staging.StatusAsync(id)).Status);
        Assert.Contains("AWSLambda", harness.Emulator.State.Find("AWS", "O6302")!.RelatedEntityIdentifiers.AwsProducts);
    }

    [Fact]
    public async Task ReapplyingADriftLater_RequeuesTheCrmsLastChangeOnce_AndTheSyncSendsIt()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        var id = await staging.AssociateAsync("O6306", "Solutions", "S-6");
        await harness.PlanAsync();
        await harness.DrainAsync();
        harness.Emulator.Seed(new SeedOpportunity { Id = "O6306", RelatedEntityIdentifiers = new RelatedEntityIdentifiers() });
        await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);
        var driftId = await ScalarAsync<long>("select id from connector.drift where opportunity_id = 'O6306'");
        var learnedOnly = await ScalarAsync<long>(
            "insert into connector.drift (catalog, opportunity_id, kind, entity_type, entity_id, ledger_said, partner_central_has) " +
            "values ('AWS', 'O6399', 'association-added', 'Solutions', 'S-9', 'not associated', 'associated') returning id");
        var store = harness.Get<DriftStore>();

        var first = await store.ReapplyAsync(driftId, CancellationToken.None);
        var (status, detail) = await staging.StatusAsync(id);
        var second = await store.ReapplyAsync(null, CancellationToken.None);
        await harness.PlanAsync();
        await harness.DrainAsync();

        // Under the Report policy the reconcile left the change synced; the re-apply sends it again, once.
        Assert.Equal(1, first);
        Assert.Equal(ChangeStatus.Pending, status);
        Assert.StartsWith($"re-applied after drift #{driftId}", detail);
        Assert.Equal(0, second);
        Assert.Equal(id, await ScalarAsync<long?>($"select reapplied_change_id from connector.drift where id = {driftId}"));
        Assert.Null(await ScalarAsync<long?>($"select reapplied_change_id from connector.drift where id = {learnedOnly}"));
        Assert.Equal(ChangeStatus.Synced, (await staging.StatusAsync(id)).Status);
        Assert.Equal(2, harness.Writes().Count(w => w == "AssociateOpportunity O6306 S-6"));
        Assert.Contains("S-6", harness.Emulator.State.Find("AWS", "O6306")!.RelatedEntityIdentifiers.Solutions);
    }

    [Fact]
    public async Task Reconcile_LearnsAnAssociationAddedInTheUi_SoAMatchingCrmRowCostsNoWrite()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O6303", RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = ["S-3"] } });
        await staging.LedgerAssociationAsync("O6303", "Solutions", "S-3", associated: false);

        var summary = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);
        var id = await staging.AssociateAsync("O6303", "Solutions", "S-3");
        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(LedgerReconciler.AssociationAdded, Assert.Single(summary.Drifts).Kind);
        Assert.Equal(ChangeStatus.Unchanged, (await staging.StatusAsync(id)).Status);
        Assert.Empty(harness.Writes());
    }

    [Fact]
    public async Task Reconcile_ForgetsAnAssigneeChangedInTheUi_SoTheCrmsAssigneeIsSentAgain()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        await staging.AssignAsync("O6304", "ana.lima@example.com");
        await harness.PlanAsync();
        await harness.DrainAsync();
        harness.Emulator.Seed(new SeedOpportunity
        {
            Id = "O6304",
            OpportunityTeam = [new OpportunityContact("someone.else@example.com", "Some", "One", "PartnerAccountManager")],
        });

        var summary = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);
        var again = await staging.AssignAsync("O6304", "ana.lima@example.com");
        await harness.PlanAsync();
        await harness.DrainAsync();

        var drift = Assert.Single(summary.Drifts);
        Assert.Equal(LedgerReconciler.AssigneeChanged, drift.Kind);
        Assert.DoesNotContain("someone.else", drift.PartnerCentralHas);
        Assert.DoesNotContain("ana.lima", drift.LedgerSaid);
        Assert.Equal(ChangeStatus.Synced, (await staging.StatusAsync(again)).Status);
        Assert.Equal(2, harness.Writes().Count(w => w.StartsWith("AssignOpportunity O6304", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reconcile_ReadsTheOldestFirstWithinItsBudget_AndADryRunRecordsNothing()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { ["Sync:ReconcileReadsPerRun"] = "2" });
        for (var i = 0; i < 5; i++)
        {
            await staging.LedgerAssociationAsync($"O640{i}", "Solutions", "S-1", associated: true);
            await staging.ExecuteAsync("update connector.ledger_associations set learned_at = now() - make_interval(hours => @h) where opportunity_id = @o",
                new { h = 10 + i, o = $"O640{i}" });
        }

        var dry = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: true, null, CancellationToken.None);
        Assert.Equal(0, await CountAsync("select count(*)::int from connector.drift"));
        Assert.Equal(0, await CountAsync("select count(*)::int from connector.ledger_opportunities where read_at is not null"));
        var real = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);

        Assert.Equal(2, dry.Read);
        Assert.Equal(2, dry.Drifts.Count);
        Assert.Equal(2, real.Read);
        // Oldest knowledge first: O6404 (14 h) and O6403 (13 h).
        var read = harness.Emulator.Calls.Where(c => c.Operation == "GetOpportunity").Select(c => c.OpportunityId).ToList();
        Assert.Equal(["O6404", "O6403", "O6404", "O6403"], read);
        Assert.Equal(2, await CountAsync("select count(*)::int from connector.drift"));
        Assert.Empty(harness.Writes());
    }

    [Fact]
    public async Task Reconcile_LosesNothing_WhenOneReadFails()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O6501", Error = FaultKind.InternalServer }] });
        await staging.LedgerAssociationAsync("O6501", "Solutions", "S-1", associated: true);
        await staging.LedgerAssociationAsync("O6502", "Solutions", "S-1", associated: true);

        var first = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);
        harness.Emulator.SetFaults(new FaultSettings());
        var second = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, ["O6501"], CancellationToken.None);

        Assert.Equal(1, first.Read);
        Assert.Single(first.Drifts, d => d.EntityId == "S-1");
        Assert.Equal(1, second.Read);
        Assert.Equal(2, await CountAsync("select count(*)::int from connector.drift"));
    }

    [Fact]
    public async Task Reconcile_KeepsWhatItCommitted_WhenStoppedWithAReadInFlight_AndTheNextRunReadsTheRest()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        await staging.LedgerAssociationAsync("O6601", "Solutions", "S-1", associated: true);
        await staging.LedgerAssociationAsync("O6602", "Solutions", "S-1", associated: true);
        await staging.ExecuteAsync("update connector.ledger_associations set learned_at = now() - interval '2 hours' where opportunity_id = 'O6601'");
        harness.Emulator.SetFaults(new FaultSettings { LatencyProbability = 1, LatencyMinMilliseconds = 1500, LatencyMaxMilliseconds = 1500 });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Stopped (as a shutdown or a crash would) once the first opportunity is committed, while the second is read.
        var run = harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, stop.Token);
        while (await CountAsync("select count(*)::int from connector.drift where opportunity_id = 'O6601'") == 0 && !run.IsCompleted)
        {
            await Task.Delay(50);
        }

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var afterStop = await CountAsync("select count(*)::int from connector.drift");
        harness.Emulator.SetFaults(new FaultSettings());
        await Task.Delay(1600); // the abandoned read's answer, so the emulator's call log holds it before counting
        var readsBefore = harness.Emulator.Calls.Count(c => c.Operation == "GetOpportunity");
        var next = await harness.Get<LedgerReconciler>().ReconcileAsync(dryRun: false, null, CancellationToken.None);

        Assert.Equal(1, afterStop);
        // The unread opportunity comes first; the one already read is read again only after it, and adds no drift.
        Assert.Equal("O6602", harness.Emulator.Calls.Where(c => c.Operation == "GetOpportunity").Select(c => c.OpportunityId).Skip(readsBefore).First());
        Assert.Equal(2, next.Read);
        Assert.Single(next.Drifts);
        Assert.Equal(1, await CountAsync("select count(*)::int from connector.drift where opportunity_id = 'O6601'"));
        Assert.Equal(1, await CountAsync("select count(*)::int from connector.drift where opportunity_id = 'O6602'"));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}
