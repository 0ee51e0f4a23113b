using Connector.Changes;
using Connector.Sync;

namespace Connector.Host.Hosting;

/// <summary>The stable JSON shape of <c>status --json</c> (scripts read it).</summary>
public sealed record StatusDocument(
    long Pending,
    long Deferred,
    long Failed,
    long Synced,
    long Unchanged,
    long Superseded,
    long Rejected,
    long Queued,
    int WritesUsedLast24Hours,
    int WriteBudget,
    int WritesLeft,
    double? BacklogEtaSeconds,
    DateTimeOffset? NextDeferredAt,
    string? PausedReason,
    IReadOnlyList<FailureGroup> Failures,
    IReadOnlyList<SyncRunRow> LastRuns,
    int LedgerOpportunities,
    int LedgerVerifiedLast24Hours,
    DateTimeOffset? LedgerOldestFactAt,
    IReadOnlyDictionary<string, int> DriftByKind,
    int DriftLast24Hours)
{
    public static StatusDocument From(SyncStatus status) => new(
        status.Count(ChangeStatus.Pending),
        status.Count(ChangeStatus.Deferred),
        status.Count(ChangeStatus.Failed),
        status.Count(ChangeStatus.Synced),
        status.Count(ChangeStatus.Unchanged),
        status.Count(ChangeStatus.Superseded),
        status.Count(ChangeStatus.Rejected),
        status.Queued,
        status.WritesUsedLast24Hours,
        status.WriteBudget,
        Math.Max(status.WriteBudget - status.WritesUsedLast24Hours, 0),
        status.BacklogEta?.TotalSeconds,
        status.NextDeferredAt,
        status.PausedReason,
        status.Failures,
        status.LastRuns,
        status.Ledger.KnownOpportunities,
        status.Ledger.VerifiedLast24Hours,
        status.Ledger.OldestFactAt is { } oldest ? new DateTimeOffset(DateTime.SpecifyKind(oldest, DateTimeKind.Utc)) : null,
        status.Ledger.DriftByKind,
        status.Ledger.DriftLast24Hours);
}
