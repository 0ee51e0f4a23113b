namespace Connector.Sync;

/// <summary>Everything <c>status</c> and the dashboard's Sync page show, read in one place.</summary>
public sealed record SyncStatus
{
    public IReadOnlyDictionary<string, long> ChangesByStatus { get; init; } = new Dictionary<string, long>();

    public long Queued { get; init; }

    public long QueuedDueNow { get; init; }

    public int WritesUsedLast24Hours { get; init; }

    public int WriteBudget { get; init; }

    public double WritesPerSecond { get; init; }

    public DateTimeOffset? NextDeferredAt { get; init; }

    public string? PausedReason { get; init; }

    public DateTimeOffset? PausedAt { get; init; }

    public TimeSpan? BacklogEta { get; init; }

    public IReadOnlyList<FailureGroup> Failures { get; init; } = [];

    public IReadOnlyList<SyncRunRow> LastRuns { get; init; } = [];

    /// <summary>How fresh the ledger is, and the drift the reconcile found.</summary>
    public Ledger.LedgerFreshness Ledger { get; init; } = new();

    public long Count(string status) => ChangesByStatus.GetValueOrDefault(status);
}
