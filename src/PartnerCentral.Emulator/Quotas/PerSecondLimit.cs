using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Quotas;

/// <summary>The per-second part of one quota (writes or reads) under any <see cref="QuotaModel"/>. Every model's
/// state is kept up to date whichever is in force, so the model can change at run time without a reset. Not
/// thread-safe; <see cref="QuotaLimiter"/> locks.</summary>
internal sealed class PerSecondLimit
{
    // Tokens are fractions of a call: a token due exactly now must not be refused for floating-point dust.
    private const double Epsilon = 1e-9;

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly SlidingWindow window = new(Second);
    private DateTimeOffset? lastAccepted;
    private double tokens;
    private DateTimeOffset? refilledAt;

    /// <summary>Calls accepted in the last second, whatever the model (for usage).</summary>
    public int LastSecond(DateTimeOffset now) => window.CountAt(now, TimeSpan.Zero);

    public bool Allows(DateTimeOffset now, QuotaModel model, int rate, int burst, TimeSpan tolerance)
    {
        if (rate <= 0)
        {
            return false;
        }

        return model switch
        {
            QuotaModel.MinimumGap => lastAccepted is not { } last || now - last >= TimeSpan.FromSeconds(1.0 / rate) - tolerance,
            // A token may be taken up to the tolerance before it has fully refilled; the bucket then owes it.
            QuotaModel.TokenBucket => TokensAt(now, rate, burst) + tolerance.TotalSeconds * rate >= 1 - Epsilon,
            _ => window.CountAt(now, tolerance) < rate,
        };
    }

    public void Take(DateTimeOffset now, int rate, int burst)
    {
        tokens = TokensAt(now, rate, burst) - 1;
        refilledAt = now;
        lastAccepted = now;
        window.Add(now);
    }

    public void Clear()
    {
        window.Clear();
        lastAccepted = null;
        refilledAt = null;
        tokens = 0;
    }

    // A bucket starts full; tokens accrue at the rate up to the burst (a debt from an early call is paid first).
    private double TokensAt(DateTimeOffset now, int rate, int burst)
    {
        var size = Math.Max(1, burst);
        return refilledAt is not { } at ? size : Math.Min(size, tokens + Math.Max(0, (now - at).TotalSeconds) * Math.Max(0, rate));
    }
}
