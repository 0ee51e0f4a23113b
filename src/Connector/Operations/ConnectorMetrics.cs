using System.Diagnostics.Metrics;
using Connector.Sync;

namespace Connector.Operations;

/// <summary>The connector's in-process instruments (meter <see cref="MeterName"/>): what this server did. Account-wide
/// facts, the same on every server, are <see cref="AccountMetrics"/>'s.</summary>
public sealed class ConnectorMetrics
{
    public const string MeterName = "PartnerSync.Connector";

    private readonly Histogram<double> planDuration;
    private readonly Counter<long> planChanges;
    private readonly Counter<long> driftFound;

    public ConnectorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        planDuration = meter.CreateHistogram<double>("connector.plan.duration", "s", "How long planning a sync run took (diff, ledger, queue).");
        planChanges = meter.CreateCounter<long>("connector.plan.changes", "{change}", "Changes a sync run's plan decided, by outcome.");
        driftFound = meter.CreateCounter<long>("connector.drift.found", "{difference}", "Differences between Partner Central and the ledger found by the drift check.");
    }

    public void RecordPlan(TimeSpan duration, PlanResult result)
    {
        planDuration.Record(duration.TotalSeconds);
        Add("queued", result.Queued - result.Deferred);
        Add("deferred", result.Deferred);
        Add("unchanged", result.Unchanged);
        Add("superseded", result.Superseded);
        Add("rejected", result.Rejected);
        Add("held_back", result.HeldBack);
    }

    /// <summary>For the drift check (not built yet): differences it found, by what differs.</summary>
    public void RecordDrift(string kind, long differences) =>
        driftFound.Add(differences, new KeyValuePair<string, object?>("connector.drift.kind", kind));

    private void Add(string outcome, int count)
    {
        if (count > 0)
        {
            planChanges.Add(count, new KeyValuePair<string, object?>("connector.plan.outcome", outcome));
        }
    }
}
