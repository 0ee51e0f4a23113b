using Connector.Changes;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Sync;
using Dapper;
using Npgsql;
using PartnerCentral.Emulator.Options;

namespace Connector.IntegrationTests.Execution;

/// <summary>Every failure of a call is its change's outcome: a failed check-read keeps the need to read, an answer the
/// client cannot take backs off and fails without holding up the queue, and failed changes carry their error type.</summary>
public sealed class ChangeSenderOutcomeTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly StagingTable staging = new(database.ConnectionString);

    public Task InitializeAsync() => staging.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DrainAsync_ReadsAgainBeforeWriting_WhenTheCheckReadWasThrottled()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        // The ledger knows nothing of S-9 on O6101: the disassociate reads first. Partner Central does not have it.
        harness.Emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O6101", Operation = "GetOpportunity", Error = FaultKind.Throttling, Times = 1 }] });
        var id = await staging.DisassociateAsync("O6101", "Solutions", "S-9");

        await harness.PlanAsync();
        await harness.DrainAsync();

        // Before the fix the throttled read cleared read_first and the disassociate went out blind (and failed).
        Assert.Empty(harness.Writes());
        Assert.Equal(2, harness.Emulator.Calls.Count(c => c.Operation == "GetOpportunity"));
        Assert.Equal(ChangeStatus.Unchanged, (await staging.StatusAsync(id)).Status);
    }

    [Fact]
    public async Task DrainAsync_BacksOffAndFails_WhenAnAnswerCannotBeRead_WithoutBlockingTheChangesBehindIt()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { ["Sync:MaxTransientAttempts"] = "3" });
        harness.Emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O6102", Operation = "GetOpportunity", Error = FaultKind.MalformedAnswer }] });
        var broken = await staging.DisassociateAsync("O6102", "Solutions", "S-9");
        var behind = await staging.AssociateAsync("O6103", "Solutions", "S-1");

        await harness.PlanAsync();
        await harness.DrainAsync(TimeSpan.FromSeconds(30));

        // Before the fix the client's exception escaped the sender: the same change was claimed first again and again.
        Assert.Equal(ChangeStatus.Synced, (await staging.StatusAsync(behind)).Status);
        var (status, detail) = await staging.StatusAsync(broken);
        Assert.Equal(ChangeStatus.Failed, status);
        Assert.Contains("gave up after 3 attempts", detail);
        Assert.Equal(SendFailure.UnexpectedType, await ErrorTypeAsync(broken));
        Assert.Equal(3, harness.Emulator.Calls.Count(c => c.Operation == "GetOpportunity" && c.OpportunityId == "O6102"));
        Assert.DoesNotContain(harness.Writes(), w => w.Contains("O6102", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ErrorType_IsRecordedAndRequeuedByType_WhenChangesFailOrAreRejected()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        var failed = await staging.AssociateAsync("O6104", "Solutions", "S-1");
        var rejected = await staging.AssociateAsync("O6105", "Solutions", "not-a-solution");
        var notFound = await staging.AssociateAsync("O6106", "Solutions", "S-1");
        harness.Emulator.SetFaults(new FaultSettings
        {
            Rules =
            [
                new FaultRule { OpportunityId = "O6104", Error = FaultKind.Validation, Times = 1 },
                new FaultRule { OpportunityId = "O6106", Error = FaultKind.ResourceNotFound },
            ],
        });

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal("ValidationException", await ErrorTypeAsync(failed));
        Assert.Equal("INVALID_STRING_FORMAT", await ErrorTypeAsync(rejected));
        Assert.Equal("ResourceNotFoundException", await ErrorTypeAsync(notFound));
        var groups = (await harness.Get<StatusStore>().ReadAsync(runs: 1, CancellationToken.None)).Failures;
        Assert.Equal(["ResourceNotFoundException", "ValidationException"], groups.Select(g => g.ErrorType).Order());

        var requeued = await harness.Get<RetryStore>().RequeueFailedAsync(null, "ValidationException", "test", CancellationToken.None);

        Assert.Equal(1, requeued);
        Assert.Equal(ChangeStatus.Pending, (await staging.StatusAsync(failed)).Status);
        Assert.Null(await ErrorTypeAsync(failed));
        Assert.Equal(ChangeStatus.Failed, (await staging.StatusAsync(notFound)).Status);
    }

    private async Task<string?> ErrorTypeAsync(long id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<string?>("select error_type from connector.crm_changes where id = @id", new { id });
    }
}
