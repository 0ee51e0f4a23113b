using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Quotas;

/// <summary>The account-wide request quotas, across all catalogs. A call over any limit is refused and does not
/// count: only accepted calls fill the windows, as with the real service's throttling.</summary>
public sealed class QuotaLimiter
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private readonly object gate = new();
    private readonly QuotaSettings configured;
    private readonly TimeProvider clock;
    private readonly PerSecondLimit writesPerSecond = new();
    private readonly SlidingWindow writesPerDay = new(Day);
    private readonly PerSecondLimit readsPerSecond = new();
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

    /// <summary>Takes one call from the write or read quota; false when the call must be throttled.
    /// <paramref name="at"/>: the moment the quota decided, i.e. when the service counted the call.</summary>
    public bool TryAcquire(bool write, out DateTimeOffset at)
    {
        var now = at = clock.GetUtcNow();
        lock (gate)
        {
            var tolerance = TimeSpan.FromMilliseconds(Math.Max(0, limits.ToleranceMilliseconds));
            var (perSecond, perDay, secondLimit, dayLimit) = write
                ? (writesPerSecond, writesPerDay, limits.WritesPerSecond, limits.WritesPer24Hours)
                : (readsPerSecond, readsPerDay, limits.ReadsPerSecond, limits.ReadsPer24Hours);
            if (!perSecond.Allows(now, limits.Model, secondLimit, limits.Burst, tolerance) || perDay.CountAt(now, tolerance) >= dayLimit)
            {
                return false;
            }

            perSecond.Take(now, secondLimit, limits.Burst);
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
                writesPerSecond.LastSecond(now),
                writesPerDay.CountAt(now, TimeSpan.Zero),
                readsPerSecond.LastSecond(now),
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
