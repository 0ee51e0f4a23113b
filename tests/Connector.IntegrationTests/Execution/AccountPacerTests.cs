using System.Globalization;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.Sync;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Execution;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>The account-wide pacer against real Postgres and the emulator: one reservation path for writes and
/// reads, slots given back when their call is not sent, and no two calls of a kind leaving closer than 1/rate.</summary>
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AcquireAsync_LeavesAFullGapAfterTheLastCall_WhenAnotherServerSentMomentsAgo(bool isWrite)
    {
        // Reads as slow as writes here, so that 1/rate is well above a reservation's own round trips.
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, WritesPerSecond,
            settings: new Dictionary<string, string?> { ["PartnerCentral:ReadsPerSecond"] = WritesPerSecond.ToString(CultureInfo.InvariantCulture) });
        var gap = TimeSpan.FromSeconds(1.0 / WritesPerSecond);
        // Another server's call left a fifth of a gap ago; the pace row's next slot is long past (a quiet spell).
        var last = await ScalarAsync<DateTime>(
            """
            update connector.pace
               set next_write_slot = now() - interval '1 minute', next_read_slot = now() - interval '1 minute',
                   last_write_at = clock_timestamp() - @ago, last_read_at = clock_timestamp() - @ago
             where id = 1
            returning case when @isWrite then last_write_at else last_read_at end
            """,
            new { ago = gap / 5, isWrite });

        var slot = await harness.Get<AccountPacer>().AcquireAsync(Call(isWrite ? "AssociateOpportunity" : "GetOpportunity"), isWrite, CancellationToken.None);
        var sent = await ScalarAsync<DateTime>("select sent_at from connector.attempts where id = @id", new { id = slot.AttemptId });

        Assert.Equal(SlotStatus.Granted, slot.Status);
        Assert.True(sent - last >= gap, $"left {(sent - last).TotalMilliseconds:F1} ms after the last call; 1/rate is {gap.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task AcquireAsync_WaitsForAnUnansweredWriteOnlyAFewSeconds_WhenItsServerDiedMidCall()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, WritesPerSecond);
        // A server passed the gate and died before the answer: sent, never finished.
        var dead = await ScalarAsync<DateTime>(
            """
            insert into connector.attempts (operation, is_write, catalog, opportunity_id, slot_at, sent_at)
            values ('AssociateOpportunity', true, 'AWS', 'O7300', now(), clock_timestamp())
            returning sent_at
            """);

        var slot = await harness.Get<AccountPacer>().AcquireAsync(Call("AssociateOpportunity"), isWrite: true, CancellationToken.None);
        var sent = await ScalarAsync<DateTime>("select sent_at from connector.attempts where id = @id", new { id = slot.AttemptId });

        // Held back while the dead call might still be on its way (2 s, then 1/rate), not for the 30 s request timeout.
        var waited = sent - dead;
        Assert.True(waited >= TimeSpan.FromSeconds(2.2) && waited < TimeSpan.FromSeconds(10), $"left {waited.TotalSeconds:F2} s after the unanswered write");
    }

    [Theory]
    [InlineData("MinimumGap")]
    [InlineData("TokenBucket")]
    public async Task DrainAsync_NeverSendsTwoWritesCloserThanOneOverRate_WhenThreeLanesShareAStrictQuota(string model)
    {
        // A strict reading of "5 per second" (tolerance 0): two writes closer than 200 ms, and the second is throttled.
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString, WritesPerSecond,
            emulatorSettings: new Dictionary<string, string?> { ["Emulator:Quotas:Model"] = model, ["Emulator:Quotas:Burst"] = "1" });
        const int Changes = 15;
        for (var i = 0; i < Changes; i++)
        {
            await staging.AssociateAsync($"O72{i:00}", "Solutions", "S-1");
        }

        await harness.PlanAsync();
        var drainer = harness.Get<QueueDrainer>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(lane => drainer.DrainAsync(lane, CancellationToken.None)));

        var gap = TimeSpan.FromSeconds(1.0 / WritesPerSecond);
        var calls = harness.Emulator.Calls;
        var context = string.Join("\n", calls.Select(c => $"{c.CountedAt:HH:mm:ss.fff} {c.Operation} {c.OpportunityId} {c.HttpStatus} {c.ErrorType}"));
        Assert.True(calls.All(c => c.ErrorType != "ThrottlingException"), "throttled:\n" + context);
        var counted = calls.Where(c => c.HttpStatus == 200).Select(c => c.CountedAt!.Value).Order().ToList();
        Assert.Equal(Changes, counted.Count);
        // As the service saw them, and as they left the connector (the gate's confirm times).
        Assert.All(counted.Zip(counted.Skip(1)), pair => Assert.True(pair.Second - pair.First >= gap, $"{(pair.Second - pair.First).TotalMilliseconds:F1} ms apart at the service:\n{context}"));
        var left = (await QueryAsync<DateTime>("select sent_at from connector.attempts where is_write and sent_at is not null order by sent_at")).ToList();
        Assert.Equal(Changes, left.Count);
        Assert.All(left.Zip(left.Skip(1)), pair => Assert.True(pair.Second - pair.First >= gap, $"{(pair.Second - pair.First).TotalMilliseconds:F1} ms apart leaving the connector"));
    }

    private static CallIdentity Call(string operation) => new(null, null, operation, "AWS", "O7000");

    private Task<int> CountAsync(string sql) => ScalarAsync<int>(sql);

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.QueryAsync<T>(sql);
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }
}
