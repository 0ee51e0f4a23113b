using Connector.PartnerCentral;

namespace Connector.Sync;

/// <summary>How long a backlog of writes takes at the configured pace and 24 h budget.</summary>
public static class BacklogEta
{
    public static TimeSpan For(long writes, int writesUsedLast24Hours, PartnerCentralOptions api)
    {
        if (writes <= 0)
        {
            return TimeSpan.Zero;
        }

        var budget = Math.Max(api.WritesPer24Hours, 1);
        var leftToday = Math.Max(budget - writesUsedLast24Hours, 0);
        var paced = TimeSpan.FromSeconds(Math.Min(writes, leftToday) / api.WritesPerSecond);
        if (writes <= leftToday)
        {
            return paced;
        }

        // Beyond today's budget: whole days of budget, then the remainder at pace.
        var beyond = writes - leftToday;
        var days = (beyond - 1) / budget + 1;
        return TimeSpan.FromDays(days) + TimeSpan.FromSeconds(((beyond - 1) % budget + 1) / api.WritesPerSecond);
    }
}
