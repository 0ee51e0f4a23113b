namespace PartnerCentral.Emulator.Options;

/// <summary>Account-wide quotas, shared by every catalog. Defaults are the real service's.</summary>
public sealed class QuotaSettings
{
    public int WritesPerSecond { get; set; } = 1;

    public int WritesPer24Hours { get; set; } = 10_000;

    public int ReadsPerSecond { get; set; } = 10;

    public int ReadsPer24Hours { get; set; } = 100_000;

    /// <summary>Shortens every window by this much, so a client pacing at exactly the limit with a little
    /// timer jitter is not throttled. 0 = strict.</summary>
    public int ToleranceMilliseconds { get; set; }

    public QuotaSettings Clone() => (QuotaSettings)MemberwiseClone();
}
