namespace Connector.Sync;

/// <summary>What one planning pass decided. <see cref="Calls"/> is filled only for previews.</summary>
public sealed record PlanResult
{
    public long RunId { get; init; }

    public int Superseded { get; init; }

    public int Unchanged { get; init; }

    public int Rejected { get; init; }

    /// <summary>Changes newly put in the send queue by this pass.</summary>
    public int Queued { get; init; }

    /// <summary>Of those queued, the ones that read the opportunity before deciding to write.</summary>
    public int ReadFirst { get; init; }

    /// <summary>Of those read first, the ones that would have been unchanged on a ledger fact older than
    /// <c>Sync:LedgerTrustAge</c>: the read decides whether they need a write.</summary>
    public int Verifying { get; init; }

    /// <summary>Changes left pending because their verification read found no room in its share of the read quota.</summary>
    public int WaitingForRead { get; init; }

    /// <summary>Queued changes beyond the 24 h write budget, waiting for it to roll over.</summary>
    public int Deferred { get; init; }

    /// <summary>Changes left pending because a call for the same key is in flight or unresolved.</summary>
    public int HeldBack { get; init; }

    /// <summary>Writes due now (queued, not deferred), including ones queued by earlier passes.</summary>
    public int WritesDue { get; init; }

    public int WritesUsedLast24Hours { get; init; }

    public int WriteBudget { get; init; }

    public IReadOnlyList<PlannedCall> Calls { get; init; } = [];

    /// <summary>For previews: the changes the pass would reject, with the column and rule.</summary>
    public IReadOnlyList<RejectedChange> Rejections { get; init; } = [];
}
