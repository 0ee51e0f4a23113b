namespace Connector.Sync;

public sealed class SyncRunRow
{
    public long Id { get; init; }

    public string Trigger { get; init; } = string.Empty;

    public DateTime StartedAt { get; init; }

    public DateTime? PlannedAt { get; init; }

    // Counted as the foreground sync's summary counts them (RunTally): changes of this run by status now, plus the
    // credit kept for changes a later run took over.
    public int Superseded { get; init; }

    public int Unchanged { get; init; }

    public int Rejected { get; init; }

    /// <summary>What the plan queued when it ran.</summary>
    public int Queued { get; init; }

    public int Deferred { get; init; }

    /// <summary>Of the changes this run planned or sent: how many are synced, failed, still open.</summary>
    public int Synced { get; init; }

    public int Failed { get; init; }

    public int Open { get; init; }
}
