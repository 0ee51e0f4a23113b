namespace Connector.Sync;

public sealed class SyncRunRow
{
    public long Id { get; init; }

    public string Trigger { get; init; } = string.Empty;

    public DateTime StartedAt { get; init; }

    public DateTime? PlannedAt { get; init; }

    public int Superseded { get; init; }

    public int Unchanged { get; init; }

    public int Rejected { get; init; }

    public int Queued { get; init; }

    public int Deferred { get; init; }

    /// <summary>Of the changes this run planned: how many are synced, failed, still open.</summary>
    public int Synced { get; init; }

    public int Failed { get; init; }

    public int Open { get; init; }
}
