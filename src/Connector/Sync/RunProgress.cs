namespace Connector.Sync;

/// <summary>Where a foreground sync stands: its run's changes by status, and the due work still to attempt.</summary>
public sealed record RunProgress
{
    public long RunId { get; init; }

    public bool Planned { get; init; }

    public int Synced { get; init; }

    public int Unchanged { get; init; }

    public int Superseded { get; init; }

    public int Rejected { get; init; }

    public int Failed { get; init; }

    public int Deferred { get; init; }

    /// <summary>This run's changes waiting for a later retry (not found yet, or backing off).</summary>
    public int Pending { get; init; }

    /// <summary>Queued calls (any run) a foreground sync waits for: due now or retrying soon; not deferred by the
    /// budget and not waiting hours for a new opportunity to appear.</summary>
    public long Waiting { get; init; }

    public string? PausedReason { get; init; }

    /// <summary>UTC (Npgsql reads timestamptz as a UTC DateTime).</summary>
    public DateTime? NextDeferredAt { get; init; }
}
