using System.Net;
using System.Net.Http.Json;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Emulator;

public class EmulatorQuotaTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, 900, TimeSpan.Zero);

    private static async Task<(EmulatorServer Server, ManualTimeProvider Clock, SigV4TestClient Client)> StartAsync(params (string, string?)[] settings)
    {
        var clock = new ManualTimeProvider(Start);
        var server = await EmulatorServer.StartAsync(EmulatorSettings.Quiet(settings), "http://127.0.0.1:0", clock);
        return (server, clock, new SigV4TestClient(server.BaseAddress, clock.GetUtcNow));
    }

    [Fact]
    public async Task Write_AnswersThrottling_WhenASecondWriteFallsWithinOneSecond()
    {
        var (server, clock, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var first = await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(999));
        var tooSoon = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterOneSecond = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.Status);
        Assert.Equal("ThrottlingException", tooSoon.ErrorType);
        Assert.Equal(HttpStatusCode.OK, afterOneSecond.Status);
    }

    [Fact]
    public async Task Write_AcceptsExactlyTheLimit_WhenManyWritesArriveAtOnce()
    {
        var (server, _, client) = await StartAsync(("Emulator:Quotas:WritesPerSecond", "3"));
        await using var __ = server;
        using var ___ = client;

        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => client.AssociateAsync("AWS", "O1", "Solutions", $"S-{i}")));

        Assert.Equal(3, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.ErrorType == "ThrottlingException"));
    }

    [Fact]
    public async Task Write_AnswersThrottling_WhenTheWritesStraddleASecondBoundary()
    {
        // Start is at .900: a fixed per-second bucket would allow a second write at .100 of the next second.
        var (server, clock, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var response = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        Assert.Equal("ThrottlingException", response.ErrorType);
    }

    [Fact]
    public async Task Write_DoesNotConsumeQuota_WhenItIsThrottled()
    {
        var (server, clock, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var throttled = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var next = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        Assert.Equal("ThrottlingException", throttled.ErrorType);
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal(2, server.Quotas.Usage().WritesLast24Hours);
    }

    [Fact]
    public async Task Write_AnswersThrottling_WhenTheTwentyFourHourBudgetIsUsed()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:WritesPerSecond", "100"), ("Emulator:Quotas:WritesPer24Hours", "3"));
        await using var _ = server;
        using var __ = client;

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.AssociateAsync("AWS", "O1", "Solutions", $"S-{i}")).Status);
            clock.Advance(TimeSpan.FromHours(1));
        }

        var overBudget = await client.AssociateAsync("AWS", "O1", "Solutions", "S-4");
        clock.Advance(TimeSpan.FromHours(21));
        var firstSlotFreed = await client.AssociateAsync("AWS", "O1", "Solutions", "S-4");
        var stillFull = await client.AssociateAsync("AWS", "O1", "Solutions", "S-5");

        Assert.Equal("ThrottlingException", overBudget.ErrorType);
        Assert.Equal(HttpStatusCode.OK, firstSlotFreed.Status);
        Assert.Equal("ThrottlingException", stillFull.ErrorType);
    }

    [Fact]
    public async Task Write_SharesOneQuota_AcrossCatalogsAndOperations()
    {
        var (server, _, client) = await StartAsync();
        await using var __ = server;
        using var ___ = client;

        await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        var otherCatalog = await client.AssignAsync("Sandbox", "O2", "jane@example.com", "OpportunityOwner");

        Assert.Equal("ThrottlingException", otherCatalog.ErrorType);
    }

    [Fact]
    public async Task Read_AnswersThrottling_WhenMoreThanReadsPerSecond_WithoutTouchingTheWriteQuota()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:ReadsPerSecond", "2"));
        await using var _ = server;
        using var __ = client;

        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            reads.Add((await client.GetAsync("AWS", "O1")).Status);
        }

        var write = await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromSeconds(1));
        var readLater = await client.GetAsync("AWS", "O1");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], reads);
        Assert.Equal(HttpStatusCode.OK, write.Status);
        Assert.Equal(HttpStatusCode.OK, readLater.Status);
    }

    [Fact]
    public async Task Write_IsAccepted_WhenItIsEarlyByLessThanTheTolerance()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:ToleranceMilliseconds", "50"));
        await using var _ = server;
        using var __ = client;

        await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(960));
        var withinTolerance = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");
        clock.Advance(TimeSpan.FromMilliseconds(900));
        var tooEarly = await client.AssociateAsync("AWS", "O1", "Solutions", "S-3");

        Assert.Equal(HttpStatusCode.OK, withinTolerance.Status);
        Assert.Equal("ThrottlingException", tooEarly.ErrorType);
    }

    [Fact]
    public async Task PutQuotas_ChangesTheLimits_WhenCalledAtRunTime()
    {
        var (server, _, client) = await StartAsync();
        await using var __ = server;
        using var ___ = client;
        using var control = new HttpClient { BaseAddress = server.BaseAddress };

        var put = await control.PutAsJsonAsync("_emulator/quotas", new { WritesPerSecond = 2, WritesPer24Hours = 10000, ReadsPerSecond = 10, ReadsPer24Hours = 100000 });
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            statuses.Add((await client.AssociateAsync("AWS", "O1", "Solutions", $"S-{i}")).Status);
        }

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Write_AnswersThrottling_WhenASecondWriteFallsWithinTheGap_UnderMinimumGap()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:Model", "MinimumGap"), ("Emulator:Quotas:WritesPerSecond", "5"));
        await using var _ = server;
        using var __ = client;

        var first = await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(199));
        var withinGap = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterGap = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        // A sliding window of 5 per second would have taken all three.
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("ThrottlingException", withinGap.ErrorType);
        Assert.Equal(HttpStatusCode.OK, afterGap.Status);
    }

    [Fact]
    public async Task Write_AcceptsTheSameBurst_UnderSlidingWindow_WhereMinimumGapThrottles()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:WritesPerSecond", "5"));
        await using var _ = server;
        using var __ = client;

        var first = await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(199));
        var second = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
    }

    [Fact]
    public async Task Write_DoesNotRestartTheGap_WhenItIsThrottled_UnderMinimumGap()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:Model", "MinimumGap"));
        await using var _ = server;
        using var __ = client;

        await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(600));
        var throttled = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");
        clock.Advance(TimeSpan.FromMilliseconds(400));
        var oneSecondAfterTheFirst = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        Assert.Equal("ThrottlingException", throttled.ErrorType);
        Assert.Equal(HttpStatusCode.OK, oneSecondAfterTheFirst.Status);
    }

    [Fact]
    public async Task Write_AcceptsABurstOfThree_ThenOnePerRefill_UnderTokenBucketWithBurst3()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:Model", "TokenBucket"), ("Emulator:Quotas:Burst", "3"));
        await using var _ = server;
        using var __ = client;

        var burst = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            burst.Add((await client.AssociateAsync("AWS", "O1", "Solutions", $"S-{i}")).Status);
        }

        clock.Advance(TimeSpan.FromMilliseconds(999));
        var beforeRefill = await client.AssociateAsync("AWS", "O1", "Solutions", "S-4");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var refilled = await client.AssociateAsync("AWS", "O1", "Solutions", "S-4");
        var empty = await client.AssociateAsync("AWS", "O1", "Solutions", "S-5");
        clock.Advance(TimeSpan.FromSeconds(10));
        var afterQuiet = new List<HttpStatusCode>();
        for (var i = 5; i <= 8; i++)
        {
            afterQuiet.Add((await client.AssociateAsync("AWS", "O1", "Solutions", $"S-{i}")).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], burst);
        Assert.Equal("ThrottlingException", beforeRefill.ErrorType);
        Assert.Equal(HttpStatusCode.OK, refilled.Status);
        Assert.Equal("ThrottlingException", empty.ErrorType);
        // A quiet spell refills the bucket to its size, never beyond.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], afterQuiet);
    }

    [Fact]
    public async Task Write_AnswersThrottling_WhenTwoWritesArriveWithinOneRefill_UnderTokenBucketWithTheDefaultBurst()
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:Model", "TokenBucket"), ("Emulator:Quotas:WritesPerSecond", "5"));
        await using var _ = server;
        using var __ = client;

        var first = await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(199));
        var tooSoon = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var refilled = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("ThrottlingException", tooSoon.ErrorType);
        Assert.Equal(HttpStatusCode.OK, refilled.Status);
    }

    [Theory]
    [InlineData("MinimumGap")]
    [InlineData("TokenBucket")]
    public async Task Write_IsAccepted_WhenItIsEarlyByLessThanTheTolerance_UnderEachModel(string model)
    {
        var (server, clock, client) = await StartAsync(("Emulator:Quotas:Model", model), ("Emulator:Quotas:ToleranceMilliseconds", "50"));
        await using var _ = server;
        using var __ = client;

        await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        clock.Advance(TimeSpan.FromMilliseconds(960));
        var withinTolerance = await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");
        clock.Advance(TimeSpan.FromMilliseconds(900));
        var tooEarly = await client.AssociateAsync("AWS", "O1", "Solutions", "S-3");

        Assert.Equal(HttpStatusCode.OK, withinTolerance.Status);
        Assert.Equal("ThrottlingException", tooEarly.ErrorType);
    }

    [Fact]
    public async Task Read_AnswersThrottling_WhenWithinTheGap_UnderMinimumGap_WhileTheDayStaysASlidingWindow()
    {
        var (server, clock, client) = await StartAsync(
            ("Emulator:Quotas:Model", "MinimumGap"), ("Emulator:Quotas:ReadsPerSecond", "10"), ("Emulator:Quotas:ReadsPer24Hours", "3"));
        await using var _ = server;
        using var __ = client;

        var first = await client.GetAsync("AWS", "O1");
        clock.Advance(TimeSpan.FromMilliseconds(99));
        var withinGap = await client.GetAsync("AWS", "O1");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            statuses.Add((await client.GetAsync("AWS", "O1")).Status);
        }

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("ThrottlingException", withinGap.ErrorType);
        // Two more fill the 24 h budget of 3; the third is refused by the day, not the gap.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task PutQuotas_SetsTheModelAndBurst_AndGetShowsThem()
    {
        var (server, _, client) = await StartAsync();
        await using var __ = server;
        using var ___ = client;
        using var control = new HttpClient { BaseAddress = server.BaseAddress };

        var put = await control.PutAsJsonAsync("_emulator/quotas", new { WritesPerSecond = 1, Model = "TokenBucket", Burst = 2 });
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            statuses.Add((await client.AssociateAsync("AWS", "O1", "Solutions", $"S-{i}")).Status);
        }

        var shown = await control.GetFromJsonAsync<System.Text.Json.JsonElement>("_emulator/quotas");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("TokenBucket", shown.GetProperty("Limits").GetProperty("Model").GetString());
        Assert.Equal(2, shown.GetProperty("Limits").GetProperty("Burst").GetInt32());
    }

    [Fact]
    public async Task Write_CallLogSaysWhenTheQuotaCountedIt_AndNothingForAThrottledCall()
    {
        var (server, clock, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");
        var counted = clock.GetUtcNow();
        await client.AssociateAsync("AWS", "O1", "Solutions", "S-2");

        Assert.Equal(new DateTimeOffset?[] { counted, null }, server.Calls.Select(c => c.CountedAt));
    }
}
