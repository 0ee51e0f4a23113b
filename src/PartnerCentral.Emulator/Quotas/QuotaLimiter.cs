using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Quotas;

/// <summary>The account-wide request quotas, across all catalogs. A call over any limit is refused and does not
/// count: only accepted calls fill the windows, as with the real service's throttling.</summary>
public sealed class QuotaLimiter
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private readonly object gate = new();
    private readonly QuotaSettings configured;
    private readonly TimeProvider clock;
    private readonly SlidingWindow writesPerSecond = new(Second);
    private readonly SlidingWindow writesPerDay = new(Day);
    private readonly SlidingWindow readsPerSecond = new(Second);
    private readonly SlidingWindow readsPerDay = new(Day);
    private QuotaSettings limits;

    public QuotaLimiter(IOptions<EmulatorOptions> options, [FromKeyedServices(EmulatorClock.Key)] TimeProvider clock)
    {
        configured = options.Value.Quotas.Clone();
        limits = configured.Clone();
        this.clock = clock;
    }

    public QuotaSettings Limits
    {
        get
        {
            lock (gate)
            {
                return limits.Clone();
            }
        }
    }

    /// <summary>Takes one call from the write or read quota; false when the call must be throttled.</summary>
    public bool TryAcquire(bool write)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var tolerance = TimeSpan.FromMilliseconds(Math.Max(0, limits.ToleranceMilliseconds));
            var (perSecond, perDay, secondLimit, dayLimit) = write
                ? (writesPerSecond, writesPerDay, limits.WritesPerSecond, limits.WritesPer24Hours)
                : (readsPerSecond, readsPerDay, limits.ReadsPerSecond, limits.ReadsPer24Hours);
            if (perSecond.CountAt(now, tolerance) >= secondLimit || perDay.CountAt(now, tolerance) >= dayLimit)
            {
                return false;
            }

            perSecond.Add(now);
            perDay.Add(now);
            return true;
        }
    }

    /// <summary>New limits apply from the next call; calls already counted stay counted.</summary>
    public void SetLimits(QuotaSettings settings)
    {
        lock (gate)
        {
            limits = settings.Clone();
        }
    }

    public QuotaUsage Usage()
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            return new QuotaUsage(
                limits.Clone(),
                writesPerSecond.CountAt(now, TimeSpan.Zero),
                writesPerDay.CountAt(now, TimeSpan.Zero),
                readsPerSecond.CountAt(now, TimeSpan.Zero),
                readsPerDay.CountAt(now, TimeSpan.Zero));
        }
    }

    /// <summary>Back to the configured limits with empty windows.</summary>
    public void Reset()
    {
        lock (gate)
        {
            limits = configured.Clone();
            writesPerSecond.Clear();
            writesPerDay.Clear();
            readsPerSecond.Clear();
            readsPerDay.Clear();
        }
    }
}
