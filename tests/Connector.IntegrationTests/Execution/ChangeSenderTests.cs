using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.PartnerCentral;
using Connector.Sync;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Execution;

/// <summary>The send step against the emulator over HTTP: exact calls, each error class, crash reconciliation,
/// budget deferral and requeue.</summary>
public sealed class ChangeSenderTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly StagingTable staging = new(database.ConnectionString);

    public Task InitializeAsync() => staging.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DrainAsync_MakesExactlyTheNeededWrites_AndASecondSyncMakesNone()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.Seed(new SeedOpportunity { Id = "O5003", RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = ["S-8"] } });
        await staging.LedgerAssociationAsync("O5003", "Solutions", "S-8", associated: true);
        await StageMixedWorkloadAsync();

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(
            ["AssignOpportunity O5001", "AssociateOpportunity O5001 AWSAmplify", "AssociateOpportunity O5002 S-7", "DisassociateOpportunity O5003 S-8"],
            harness.Writes().Order());
        await StageMixedWorkloadAsync();
        var second = await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(0, second.Queued);
        Assert.Equal(4, harness.Writes().Count);
    }

    [Fact]
    public async Task DrainAsync_FailsWithTheApiReasonAndRequestId_WhenTheApiAnswersValidationException()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O6001", Error = FaultKind.Validation, Message = "Solution is not active" }] });
        var id = await staging.AssociateAsync("O6001", "Solutions", "S-1");

        await harness.PlanAsync();
        await harness.DrainAsync();

        var (status, detail) = await staging.StatusAsync(id);
        Assert.Equal("failed", status);
        Assert.Contains("ValidationException (BUSINESS_VALIDATION_FAILED)", detail);
        Assert.Contains("request id ", detail);
        Assert.Single(harness.Writes());
    }

    [Fact]
    public async Task DrainAsync_RetriesAndSucceeds_WhenTheApiThrottlesAndFailsTransiently()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.SetFaults(new FaultSettings
        {
            Rules =
            [
                new FaultRule { OpportunityId = "O6002", Error = FaultKind.Throttling, Times = 2 },
                new FaultRule { OpportunityId = "O6003", Error = FaultKind.InternalServer, Times = 1, Operation = "AssociateOpportunity" },
            ],
        });
        var throttled = await staging.AssociateAsync("O6002", "Solutions", "S-1");
        var internalError = await staging.AssociateAsync("O6003", "Solutions", "S-1");

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal("synced", (await staging.StatusAsync(throttled)).Status);
        Assert.Equal("synced", (await staging.StatusAsync(internalError)).Status);
        // After a 500 the write may have landed: the retry reads first.
        Assert.Contains(harness.Emulator.Calls, c => c.Operation == "GetOpportunity" && c.OpportunityId == "O6003");
    }

    [Fact]
    public async Task DrainAsync_RetriesNotFoundAFewTimes_ThenFails()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O6004", Error = FaultKind.ResourceNotFound }] });
        var id = await staging.AssociateAsync("O6004", "Solutions", "S-1");

        await harness.PlanAsync();
        await harness.DrainAsync();

        var (status, detail) = await staging.StatusAsync(id);
        Assert.True(status == "failed", detail);
        Assert.Contains("ResourceNotFoundException", detail);
        Assert.Equal(3, harness.Writes().Count);
    }

    [Fact]
    public async Task DrainAsync_PausesTheWholeSync_WhenAccessIsDenied_AndResumesAfterwards()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O6005", Error = FaultKind.AccessDenied, Reason = "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE" }] });
        var denied = await staging.AssociateAsync("O6005", "Solutions", "S-1", secondsAgo: 10);
        var other = await staging.AssociateAsync("O6006", "Solutions", "S-1");

        await harness.PlanAsync();
        await harness.DrainAsync();

        var status = await harness.Get<StatusStore>().ReadAsync(1, CancellationToken.None);
        Assert.Contains("AccessDeniedException", status.PausedReason);
        // Issue 20: a paused sync has no ETA and no "resumes at": it resumes when someone lifts the pause.
        Assert.True(status.Queued > 0);
        Assert.Null(status.BacklogEta);
        Assert.Null(status.NextDeferredAt);
        Assert.Single(harness.Writes());
        Assert.Equal("pending", (await staging.StatusAsync(denied)).Status);
        Assert.Equal("pending", (await staging.StatusAsync(other)).Status);

        harness.Emulator.SetFaults(new FaultSettings());
        await harness.Get<AccountPacer>().ResumeAsync(CancellationToken.None);
        await harness.DrainAsync();

        Assert.Equal("synced", (await staging.StatusAsync(denied)).Status);
        Assert.Equal("synced", (await staging.StatusAsync(other)).Status);
    }

    [Fact]
    public async Task DrainAsync_ConfirmsByReadingInsteadOfResending_WhenAnInterruptedWriteHadLanded()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        var landed = await staging.AssociateAsync("O6007", "Solutions", "S-1");
        var lost = await staging.AssociateAsync("O6008", "Solutions", "S-1");
        await harness.PlanAsync();
        // A server died after sending O6007's write (Partner Central has it) and before sending O6008's.
        await SimulateInterruptedAttemptAsync(landed, "O6007");
        await SimulateInterruptedAttemptAsync(lost, "O6008");
        harness.Emulator.Seed(new SeedOpportunity { Id = "O6007", RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = ["S-1"] } });

        await harness.DrainAsync();

        Assert.Equal(["AssociateOpportunity O6008 S-1"], harness.Writes());
        var (status, detail) = await staging.StatusAsync(landed);
        Assert.Equal("synced", status);
        Assert.Contains("confirmed by GetOpportunity", detail);
        Assert.Equal("synced", (await staging.StatusAsync(lost)).Status);
    }

    [Fact]
    public async Task DrainAsync_DefersBeyondTheBudget_AndSendsTheRestOnceTheWindowRolls()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, budget: 3);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await staging.AssociateAsync($"O61{i}", "Solutions", "S-1"));
        }

        var plan = await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(2, plan.Deferred);
        Assert.Equal(3, harness.Writes().Count);
        Assert.Equal(2, (await Task.WhenAll(ids.Select(staging.StatusAsync))).Count(s => s.Status == "deferred"));

        // A day later (the clock is the database's): the first writes leave the window, deferred work becomes due.
        await staging.ExecuteAsync("update connector.attempts set slot_at = slot_at - interval '25 hours'; update connector.send_queue set not_before = now()");
        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(5, harness.Writes().Count);
        Assert.All(await Task.WhenAll(ids.Select(staging.StatusAsync)), s => Assert.Equal("synced", s.Status));
    }

    [Fact]
    public async Task RequeueFailedAsync_SendsAgainOnlyWhatIsStillNeeded()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.SetFaults(new FaultSettings
        {
            Rules =
            [
                new FaultRule { OpportunityId = "O6201", Error = FaultKind.Validation, Times = 1 },
                new FaultRule { OpportunityId = "O6202", Error = FaultKind.Validation, Times = 1 },
            ],
        });
        var stillNeeded = await staging.AssociateAsync("O6201", "Solutions", "S-1");
        var meanwhileDone = await staging.AssociateAsync("O6202", "Solutions", "S-1");
        await harness.PlanAsync();
        await harness.DrainAsync();
        // Someone fixed O6202 by hand in Partner Central; a read taught the ledger so.
        await staging.LedgerAssociationAsync("O6202", "Solutions", "S-1", associated: true);

        var requeued = await harness.Get<RetryStore>().RequeueFailedAsync(null, null, "test", CancellationToken.None);
        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(2, requeued);
        Assert.Equal("synced", (await staging.StatusAsync(stillNeeded)).Status);
        Assert.Equal("unchanged", (await staging.StatusAsync(meanwhileDone)).Status);
        Assert.Equal(3, harness.Writes().Count);
    }

    [Fact]
    public async Task ARetriedChange_IsCreditedToEachRunItWasSentIn_AndStatusAgreesWithTheSyncSummary()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        harness.Emulator.SetFaults(new FaultSettings
        {
            Rules = [new FaultRule { OpportunityId = "O6301", Error = FaultKind.Validation, Times = 1 }],
        });
        var retried = await staging.AssociateAsync("O6301", "Solutions", "S-1");
        await staging.AssociateAsync("O6302", "Solutions", "S-1");
        var first = (await harness.PlanAsync()).RunId;
        await harness.DrainAsync();
        await harness.Get<RetryStore>().RequeueFailedAsync(retried, null, "test", CancellationToken.None);
        var second = (await harness.PlanAsync()).RunId;
        await harness.DrainAsync();

        Assert.Equal("synced", (await staging.StatusAsync(retried)).Status);
        var runs = (await harness.Get<StatusStore>().ReadAsync(runs: 10, CancellationToken.None)).LastRuns.ToDictionary(r => r.Id);
        var progress = harness.Get<RunProgressStore>();
        // The run it failed in keeps the failure; the run that sent it again has it synced.
        Assert.Equal((1, 1, 0), (runs[first].Synced, runs[first].Failed, runs[first].Open));
        Assert.Equal((1, 0, 0), (runs[second].Synced, runs[second].Failed, runs[second].Open));
        foreach (var id in new[] { first, second })
        {
            var run = runs[id];
            var summary = await progress.ReadAsync(id, CancellationToken.None);
            Assert.Equal((summary.Synced, summary.Failed, summary.Unchanged, summary.Superseded, summary.Rejected, summary.Deferred, summary.Pending + summary.Deferred),
                (run.Synced, run.Failed, run.Unchanged, run.Superseded, run.Rejected, run.Deferred, run.Open));
        }
    }

    private async Task StageMixedWorkloadAsync()
    {
        await staging.AssociateAsync("O5001", "AwsProducts", "AWSAmplify", secondsAgo: 60);
        await staging.AssociateAsync("O5001", "AwsProducts", "AWSAmplify", secondsAgo: 59);
        await staging.AssignAsync("O5001", "first@example.com", secondsAgo: 58);
        await staging.AssignAsync("O5001", "Second@Example.com", secondsAgo: 57);
        await staging.AssociateAsync("O5002", "Solutions", "S-7", secondsAgo: 56);
        await staging.DisassociateAsync("O5002", "Solutions", "S-7", secondsAgo: 55);
        await staging.AssociateAsync("O5002", "Solutions", "S-7", secondsAgo: 54);
        await staging.AssociateAsync("O5002", "AwsProducts", "NotAProduct", secondsAgo: 53);
        await staging.DisassociateAsync("O5003", "Solutions", "S-8", secondsAgo: 52);
    }

    private Task SimulateInterruptedAttemptAsync(long changeId, string opportunity) => staging.ExecuteAsync(
        """
        insert into connector.attempts (change_id, operation, is_write, catalog, opportunity_id, slot_at, outcome)
        values (@changeId, 'AssociateOpportunity', true, 'AWS', @opportunity, now(), 'sending')
        """,
        new { changeId, opportunity });
}
