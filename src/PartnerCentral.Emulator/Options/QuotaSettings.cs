namespace PartnerCentral.Emulator.Options;

/// <summary>Account-wide quotas, shared by every catalog. Defaults are the real service's.</summary>
public sealed class QuotaSettings
{
    public int WritesPerSecond { get; set; } = 1;

    public int WritesPer24Hours { get; set; } = 10_000;

    public int ReadsPerSecond { get; set; } = 10;

    public int ReadsPer24Hours { get; set; } = 100_000;

    /// <summary>How the per-second quotas are enforced. AWS documents only "N per second", not how bursts are
    /// counted, so a client must survive every reading of it; the 24 h quotas are always sliding windows.</summary>
    public QuotaModel Model { get; set; } = QuotaModel.SlidingWindow;

    /// <summary><see cref="QuotaModel.TokenBucket"/> only: the bucket's size, i.e. how many calls may arrive at once
    /// after a quiet spell.</summary>
    public int Burst { get; set; } = 1;

    /// <summary>Lets a call through this much early, so a client pacing at exactly the limit with a little timer
    /// jitter is not throttled: it shortens every window (sliding window), the gap (minimum gap) and the refill time
    /// of a token (token bucket). 0 = strict.</summary>
    public int ToleranceMilliseconds { get; set; }

    public QuotaSettings Clone() => (QuotaSettings)MemberwiseClone();
}

/// <summary>Readings of "N calls per second" a service may enforce.</summary>
public enum QuotaModel
{
    /// <summary>At most N calls in any window of one second (not per calendar second).</summary>
    SlidingWindow,

    /// <summary>Tokens refill at N per second up to <see cref="QuotaSettings.Burst"/>; each call takes one.</summary>
    TokenBucket,

    /// <summary>Two calls closer than 1/N seconds apart: the second is throttled.</summary>
    MinimumGap,
}
