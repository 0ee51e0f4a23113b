using Connector.PartnerCentral;
using Connector.Sync;

namespace Connector.Tests.Sync;

/// <summary>The retry decision as a pure function: no database, no clock but the one given.</summary>
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly SyncOptions Options = new()
    {
        MaxTransientAttempts = 4,
        TransientBaseDelay = TimeSpan.FromSeconds(2),
        TransientMaxDelay = TimeSpan.FromSeconds(10),
        NotFoundRetries = 2,
        NotFoundRetryDelay = TimeSpan.FromHours(1),
        ReadBeforeUncertainWrites = true,
    };

    private readonly RetryPolicy policy = new(Options);

    [Theory]
    [InlineData(PartnerCentralErrorKind.Throttling, FailureClass.Throttled)]
    [InlineData(PartnerCentralErrorKind.InternalServer, FailureClass.Uncertain)]
    [InlineData(PartnerCentralErrorKind.Transient, FailureClass.Uncertain)]
    [InlineData(PartnerCentralErrorKind.ResourceNotFound, FailureClass.NotFound)]
    [InlineData(PartnerCentralErrorKind.AccessDenied, FailureClass.Access)]
    [InlineData(PartnerCentralErrorKind.Credentials, FailureClass.Access)]
    [InlineData(PartnerCentralErrorKind.Validation, FailureClass.Refused)]
    [InlineData(PartnerCentralErrorKind.Conflict, FailureClass.Refused)]
    [InlineData(PartnerCentralErrorKind.ServiceQuotaExceeded, FailureClass.Refused)]
    public void Classify_MapsEveryErrorKind(PartnerCentralErrorKind kind, FailureClass expected) =>
        Assert.Equal(expected, RetryPolicy.Classify(kind));

    [Fact]
    public void Decide_RetriesWithBackoffAndReadsFirst_WhenAWriteMayHaveLanded()
    {
        var decision = policy.Decide(FailureClass.Uncertain, wasWrite: true, attempts: 0, notFoundAttempts: 0, readFirst: false, Now, jitter: 1);

        Assert.Equal(RetryAction.RetryLater, decision.Action);
        Assert.Equal(Now + TimeSpan.FromSeconds(2), decision.RetryAt);
        Assert.Equal(1, decision.Attempts);
        Assert.True(decision.ReadFirst);
        Assert.Equal("retry 1 of 3 at 2026-12-02T10:00:02Z", decision.Note);
    }

    [Fact]
    public void Decide_DoesNotAddARead_WhenTheWriteWasThrottled()
    {
        var decision = policy.Decide(FailureClass.Throttled, wasWrite: true, attempts: 1, notFoundAttempts: 0, readFirst: false, Now, jitter: 0);

        Assert.Equal(RetryAction.RetryLater, decision.Action);
        Assert.False(decision.ReadFirst);
        // Second attempt: ceiling 4 s, jitter 0 takes the lower half's start.
        Assert.Equal(Now + TimeSpan.FromSeconds(2), decision.RetryAt);
    }

    [Theory]
    [InlineData(FailureClass.Throttled)]
    [InlineData(FailureClass.Uncertain)]
    [InlineData(FailureClass.Unexpected)]
    public void Decide_KeepsTheNeedToRead_WhenTheCheckReadFailed(FailureClass failure)
    {
        var decision = policy.Decide(failure, wasWrite: false, attempts: 0, notFoundAttempts: 0, readFirst: true, Now, jitter: 0.5);

        Assert.Equal(RetryAction.RetryLater, decision.Action);
        Assert.True(decision.ReadFirst);
    }

    [Fact]
    public void Decide_Fails_WhenTransientAttemptsRunOut()
    {
        var decision = policy.Decide(FailureClass.Unexpected, wasWrite: true, attempts: 3, notFoundAttempts: 0, readFirst: true, Now, jitter: 0.5);

        Assert.Equal(RetryAction.Fail, decision.Action);
        Assert.Equal(4, decision.Attempts);
        Assert.Equal("gave up after 4 attempts", decision.Note);
    }

    [Fact]
    public void Backoff_IsCappedAtTheMaximumDelay_WithJitterInItsUpperHalf()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), policy.Backoff(attempt: 30, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.Backoff(attempt: 30, jitter: 0));
    }

    [Fact]
    public void Decide_RetriesNotFoundOverHours_ThenFails()
    {
        var first = policy.Decide(FailureClass.NotFound, wasWrite: true, attempts: 0, notFoundAttempts: 0, readFirst: false, Now, jitter: 0);
        var second = policy.Decide(FailureClass.NotFound, wasWrite: true, attempts: 0, notFoundAttempts: 1, readFirst: false, Now, jitter: 0);
        var last = policy.Decide(FailureClass.NotFound, wasWrite: true, attempts: 0, notFoundAttempts: 2, readFirst: false, Now, jitter: 0);

        Assert.Equal((RetryAction.RetryLater, Now.AddHours(1), 1), (first.Action, first.RetryAt, first.NotFoundAttempts));
        Assert.Equal((RetryAction.RetryLater, Now.AddHours(2), 2), (second.Action, second.RetryAt, second.NotFoundAttempts));
        Assert.Equal(RetryAction.Fail, last.Action);
        Assert.Equal("still not found after 2 retries", last.Note);
    }

    [Fact]
    public void Decide_Pauses_WhenAccessIsDenied() =>
        Assert.Equal(RetryAction.Pause, policy.Decide(FailureClass.Access, wasWrite: true, 0, 0, false, Now, 0).Action);

    [Fact]
    public void Decide_FailsAtOnce_WhenRefused()
    {
        var decision = policy.Decide(FailureClass.Refused, wasWrite: true, attempts: 0, notFoundAttempts: 0, readFirst: false, Now, jitter: 0);

        Assert.Equal(RetryAction.Fail, decision.Action);
        Assert.Equal(0, decision.Attempts);
    }
}
