using PartnerCentral.Emulator.Calls;
using PartnerCentral.Emulator.Protocol;

namespace Connector.IntegrationTests.Reliability;

/// <summary>What the emulator's call log says about a run: double sends, throttling, and the pace of accepted writes.</summary>
internal sealed class CallLogFigures(IReadOnlyList<CallRecord> calls)
{
    public IReadOnlyList<CallRecord> Writes { get; } = calls.Where(c => SellingOperation.IsWrite(c.Operation)).ToList();

    public IReadOnlyList<CallRecord> Reads { get; } = calls.Where(c => c.Operation == "GetOpportunity").ToList();

    /// <summary>Writes answered 200.</summary>
    public IReadOnlyList<CallRecord> AcceptedWrites => Writes.Where(c => c.HttpStatus == 200).ToList();

    /// <summary>Write calls beyond the first for each (operation, opportunity, entity) key, whatever the answer.</summary>
    public int RepeatedWrites => Writes.GroupBy(Key).Sum(g => g.Count() - 1);

    public int Throttled => calls.Count(c => c.ErrorType == "ThrottlingException");

    /// <summary>Write calls made for a (operation, opportunity, entity) key after that key had already been
    /// answered 200: a confirmed change sent again. Must be 0.</summary>
    public List<string> ResentAfterSuccess()
    {
        var problems = new List<string>();
        foreach (var key in Writes.GroupBy(Key))
        {
            var ordered = key.OrderBy(c => c.Time).ToList();
            var first = ordered.FindIndex(c => c.HttpStatus == 200);
            if (first >= 0 && first < ordered.Count - 1)
            {
                problems.Add($"{key.Key}: {ordered.Count - first - 1} call(s) after its 200 at {ordered[first].Time:HH:mm:ss.fff}");
            }
        }

        return problems;
    }

    /// <summary>The most accepted writes in any one-second window [t, t + 1 s) starting at an accepted write.</summary>
    public int MaxAcceptedWritesInAnySecond()
    {
        var times = AcceptedWrites.Select(c => c.Time).Order().ToList();
        var max = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    /// <summary>Accepted writes in each calendar second of the run, e.g. "4 5 5 5 3", for the report.</summary>
    public string AcceptedWritesPerCalendarSecond()
    {
        var accepted = AcceptedWrites;
        if (accepted.Count == 0)
        {
            return "-";
        }

        var start = accepted.Min(c => c.Time.ToUnixTimeSeconds());
        var end = accepted.Max(c => c.Time.ToUnixTimeSeconds());
        var counts = new int[end - start + 1];
        foreach (var call in accepted)
        {
            counts[call.Time.ToUnixTimeSeconds() - start]++;
        }

        return string.Join(" ", counts);
    }

    /// <summary>Accepted writes per second between the first call of the run and the last accepted write.</summary>
    public double AcceptedWritesPerSecond()
    {
        var accepted = AcceptedWrites;
        if (accepted.Count < 2)
        {
            return 0;
        }

        var seconds = (accepted.Max(c => c.Time) - calls.Min(c => c.Time)).TotalSeconds;
        return seconds <= 0 ? 0 : accepted.Count / seconds;
    }

    /// <summary>Each throttled call with the calls of the second before it, for the failure message.</summary>
    public string ThrottleContext() => string.Join("\n", calls.Where(c => c.ErrorType == "ThrottlingException").Select(t =>
        $"throttled {t.Operation} at {t.Time:HH:mm:ss.fff} after: " + string.Join(", ", calls
            .Where(c => c.Time <= t.Time && c.Time > t.Time - TimeSpan.FromSeconds(1.2) && c != t)
            .Select(c => $"{c.Operation[..5]} {c.HttpStatus} {c.Time:ss.fff}"))));

    private static string Key(CallRecord call) => $"{call.Operation} {call.Catalog}/{call.OpportunityId} {call.EntityType}/{call.EntityId}";
}
