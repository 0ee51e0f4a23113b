using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Sync;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Execution;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>The account-wide pacer against real Postgres and the emulator: one reservation path for writes and
/// reads, and slots given back when their call is not sent.</summary>
public sealed class AccountPacerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const int WritesPerSecond = 5;

    private readonly StagingTable staging = new(database.ConnectionString);

    public Task InitializeAsync() => staging.ExecuteAsync(
        """
        truncate connector.crm_changes, connector.send_queue, connector.attempts, connector.ledger_associations,
                 connector.ledger_opportunities, connector.sync_runs, connector.imports cascade;
        update connector.pace set next_write_slot = now(), next_read_slot = now(), last_write_at = null, last_read_at = null,
                                  throttle_streak = 0, paused_reason = null, paused_at = null;
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AcquireAsync_LeavesNoAttemptAndUsesNoBudget_WhenCancelledWhileWaitingForItsSlot()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, WritesPerSecond, budget: 1);
        var pacer = harness.Get<AccountPacer>();
        await staging.ExecuteAsync("update connector.pace set next_write_slot = now() + interval '30 seconds'");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.AcquireAsync(Call("AssociateOpportunity"), isWrite: true, cancel.Token));

        Assert.Equal(0, await CountAsync("select count(*)::int from connector.attempts"));
        await staging.ExecuteAsync("update connector.pace set next_write_slot = now()");
        var next = await pacer.AcquireAsync(Call("AssociateOpportunity"), isWrite: true, CancellationToken.None);
        // The budget of one write is still whole: the cancelled slot did not count against it.
        Assert.Equal(SlotStatus.Granted, next.Status);
    }

    [Fact]
    public async Task SendNextAsync_SpendsNoRead_WhenAnEarlierSendOfTheChangeWasCancelledWaitingForItsSlot()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, WritesPerSecond);
        var id = await staging.AssociateAsync("O7101", "Solutions", "S-1");
        await harness.PlanAsync();
        await staging.ExecuteAsync("update connector.pace set next_write_slot = now() + interval '30 seconds'");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Get<ChangeSender>().SendNextAsync(cancel.Token));
        await staging.ExecuteAsync("update connector.pace set next_write_slot = now()");
        await harness.DrainAsync();

        // An attempt row left 'sending' would look like a call of unknown outcome and cost a GetOpportunity.
        Assert.Equal(["AssociateOpportunity O7101"], harness.Emulator.Calls.Select(c => $"{c.Operation} {c.OpportunityId}"));
        Assert.Equal("synced", (await staging.StatusAsync(id)).Status);
    }

    [Fact]
    public async Task AcquireAsync_DefersAWrite_ButNeverARead_WhenTheBudgetIsUsed()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, WritesPerSecond, budget: 1);
        var pacer = harness.Get<AccountPacer>();
        var first = await pacer.AcquireAsync(Call("AssociateOpportunity"), isWrite: true, CancellationToken.None);

        var write = await pacer.AcquireAsync(Call("AssociateOpportunity"), isWrite: true, CancellationToken.None);
        var read = await pacer.AcquireAsync(Call("GetOpportunity"), isWrite: false, CancellationToken.None);

        Assert.Equal(SlotStatus.Granted, first.Status);
        Assert.Equal(SlotStatus.Deferred, write.Status);
        Assert.True(write.At > DateTimeOffset.UtcNow.AddHours(23), $"deferred until {write.At:O}");
        Assert.Equal(SlotStatus.Granted, read.Status);
    }

    private static CallIdentity Call(string operation) => new(null, null, operation, "AWS", "O7000");

    private Task<int> CountAsync(string sql) => ScalarAsync<int>(sql);

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }
}
