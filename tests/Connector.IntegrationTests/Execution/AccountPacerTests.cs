using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Sync;

namespace Connector.IntegrationTests.Execution;

/// <summary>The account-wide pacer against real Postgres and the emulator: one reservation path for writes and
/// reads.</summary>
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
}
