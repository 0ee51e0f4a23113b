using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Calls;

/// <summary>The calls received, oldest first, bounded so a long benchmark cannot exhaust memory.</summary>
public sealed class CallLog
{
    private readonly object gate = new();
    private readonly Queue<CallRecord> calls = new();
    private readonly int capacity;

    public CallLog(IOptions<EmulatorOptions> options)
    {
        capacity = Math.Max(1, options.Value.CallLogCapacity);
    }

    public IReadOnlyList<CallRecord> All
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    public void Add(CallRecord call)
    {
        lock (gate)
        {
            calls.Enqueue(call);
            while (calls.Count > capacity)
            {
                calls.Dequeue();
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            calls.Clear();
        }
    }
}
