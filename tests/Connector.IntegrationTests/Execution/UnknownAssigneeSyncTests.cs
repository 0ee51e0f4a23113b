using Connector.Assignees;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Execution;

/// <summary>An assignee email Partner Central refuses as not a user of the account costs one write: the queued and
/// later changes naming it are rejected without a call until an operator resets it (or the memory expires).</summary>
public sealed class UnknownAssigneeSyncTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Ghost = "ghost.user@example.com";

    private static readonly Dictionary<string, string?> EmulatorWithGhost = new() { ["Emulator:UnknownAssignees:0"] = Ghost };

    private readonly StagingTable staging = new(database.ConnectionString);

    public Task InitializeAsync() => staging.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Drain_SendsOneWriteToAnUnknownAssignee_AndRejectsTheOthersNamingItWithoutACall()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, emulatorSettings: EmulatorWithGhost);
        var first = await staging.AssignAsync("O7201", Ghost);
        // The same address as it would be sent: case and surrounding whitespace (a tab, a no-break space) do not matter.
        var second = await staging.AssignAsync("O7202", " Ghost.User@Example.com\t");
        var third = await staging.AssignAsync("O7203", "\u00a0GHOST.USER@EXAMPLE.COM");
        var known = await staging.AssignAsync("O7204", "ana.lima@example.com");

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(["AssignOpportunity O7201", "AssignOpportunity O7204"], harness.Writes());
        var (status, detail) = await staging.StatusAsync(first);
        Assert.Equal("failed", status);
        Assert.Contains("Assignee.Email", detail);
        Assert.Equal("synced", (await staging.StatusAsync(known)).Status);
        foreach (var id in new[] { second, third })
        {
            var (rejected, why) = await staging.StatusAsync(id);
            Assert.Equal("rejected", rejected);
            Assert.Contains($"Partner Central refused this assignee as not a user of the account (change {first}, ", why);
            Assert.Contains("'connector assignees reset' (UnknownAssignee)", why);
            Assert.DoesNotContain("ghost", why, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(UnknownAssigneeStore.ErrorType, await ErrorTypeAsync(id));
        }

        var remembered = Assert.Single(await harness.Get<UnknownAssigneeStore>().ListAsync(CancellationToken.None));
        Assert.Equal(Ghost, remembered.Email);
        Assert.Equal(first, remembered.ChangeId);
        Assert.InRange(remembered.ExpiresAt - remembered.RefusedAt, TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        // A later change naming it is rejected by the plan, before any call.
        var later = await staging.AssignAsync("O7205", Ghost);
        var plan = await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(1, plan.Rejected);
        Assert.Equal(2, harness.Writes().Count);
        var (laterStatus, laterDetail) = await staging.StatusAsync(later);
        Assert.Equal("rejected", laterStatus);
        Assert.Contains($"(change {first}, ", laterDetail);
        Assert.Equal(UnknownAssigneeStore.ErrorType, await ErrorTypeAsync(later));
    }

    [Fact]
    public async Task Sender_RejectsWithoutAWrite_WhenTheEmailWasRememberedAfterTheChangeWasQueued()
    {
        // What a second lane meets: its change was queued (and claimed) before another lane's write met the refusal;
        // by the time its slot's gate opens, that refusal is committed, and the sender checks before its call.
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, emulatorSettings: EmulatorWithGhost);
        var queued = await staging.AssignAsync("O7241", Ghost);
        var elsewhere = await staging.AssignAsync("O7242", "ana.lima@example.com");
        await harness.PlanAsync();
        await staging.ExecuteAsync(
            "insert into connector.unknown_assignees (email, refused_at, expires_at, change_id) values (@email, now(), now() + interval '1 day', null)",
            new { email = Ghost });

        await harness.DrainAsync();

        Assert.Equal(["AssignOpportunity O7242"], harness.Writes());
        var (status, detail) = await staging.StatusAsync(queued);
        Assert.Equal("rejected", status);
        Assert.Contains("Partner Central refused this assignee as not a user of the account (change ?, ", detail);
        Assert.Equal(UnknownAssigneeStore.ErrorType, await ErrorTypeAsync(queued));
        Assert.Equal("synced", (await staging.StatusAsync(elsewhere)).Status);
        // The slot it did not use is given back: the budget counts one write.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*)::int from connector.attempts where is_write"));
    }

    [Fact]
    public async Task Reset_ForgetsTheEmail_AndTheRejectedChangesAreSentAgainByTheNextPlan()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, emulatorSettings: EmulatorWithGhost);
        var first = await staging.AssignAsync("O7211", Ghost);
        var second = await staging.AssignAsync("O7212", Ghost);
        await harness.PlanAsync();
        await harness.DrainAsync();
        Assert.Equal("rejected", (await staging.StatusAsync(second)).Status);
        var store = harness.Get<UnknownAssigneeStore>();

        var reset = await store.ResetAsync(" GHOST.user@example.com ", "test", CancellationToken.None);

        Assert.Equal(new AssigneeReset(1, 1), reset);
        Assert.Empty(await store.ListAsync(CancellationToken.None));
        var (pending, detail) = await staging.StatusAsync(second);
        Assert.Equal("pending", pending);
        Assert.StartsWith("requeued by test (was: assignee_email: Partner Central refused", detail);

        // The emulator still refuses it: the requeued change is sent (one write), fails, and the email is remembered again.
        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(["AssignOpportunity O7211", "AssignOpportunity O7212"], harness.Writes());
        Assert.Equal("failed", (await staging.StatusAsync(second)).Status);
        Assert.Equal(second, Assert.Single(await store.ListAsync(CancellationToken.None)).ChangeId);
        Assert.Equal("failed", (await staging.StatusAsync(first)).Status);
        Assert.Equal(new AssigneeReset(0, 0), await store.ResetAsync("nobody@example.com", "test", CancellationToken.None));
    }

    [Fact]
    public async Task Drain_SendsEveryChange_WhenTheMemoryIsTurnedOff()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Sync:UnknownAssigneeExpiry"] = "00:00:00" }, emulatorSettings: EmulatorWithGhost);
        var first = await staging.AssignAsync("O7221", Ghost);
        var second = await staging.AssignAsync("O7222", Ghost);

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(["AssignOpportunity O7221", "AssignOpportunity O7222"], harness.Writes());
        Assert.Equal("failed", (await staging.StatusAsync(first)).Status);
        Assert.Equal("failed", (await staging.StatusAsync(second)).Status);
        Assert.Empty(await harness.Get<UnknownAssigneeStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Plan_SendsAgain_OnceTheMemoryHasExpired()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, emulatorSettings: EmulatorWithGhost);
        await staging.AssignAsync("O7231", Ghost);
        await harness.PlanAsync();
        await harness.DrainAsync();
        await staging.ExecuteAsync("update connector.unknown_assignees set expires_at = now() - interval '1 second'");
        var later = await staging.AssignAsync("O7232", Ghost);

        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Equal(["AssignOpportunity O7231", "AssignOpportunity O7232"], harness.Writes());
        Assert.Equal("failed", (await staging.StatusAsync(later)).Status);
    }

    private async Task<string?> ErrorTypeAsync(long id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<string?>("select error_type from connector.crm_changes where id = @id", new { id });
    }
}
