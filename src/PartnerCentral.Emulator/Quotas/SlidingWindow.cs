namespace PartnerCentral.Emulator.Quotas;

/// <summary>The times of accepted calls over the last <see cref="Length"/>: "at most N in any window of this
/// length", not a fixed bucket that resets on the second. Not thread-safe; <see cref="QuotaLimiter"/> locks.</summary>
internal sealed class SlidingWindow(TimeSpan length)
{
    private readonly Queue<DateTimeOffset> accepted = new();

    public TimeSpan Length { get; } = length;

    /// <summary>Calls accepted in (now - (Length - tolerance), now].</summary>
    public int CountAt(DateTimeOffset now, TimeSpan tolerance)
    {
        while (accepted.Count > 0 && accepted.Peek() <= now - Length)
        {
            accepted.Dequeue();
        }

        var start = now - (Length - tolerance);
        return accepted.Count(t => t > start);
    }

    public void Add(DateTimeOffset now) => accepted.Enqueue(now);

    public void Clear() => accepted.Clear();
}
