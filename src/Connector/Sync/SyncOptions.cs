namespace Connector.Sync;

/// <summary>How the sync plans and retries (config section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Read the opportunity (GetOpportunity, 10× cheaper quota) before a write whose need the ledger
    /// cannot tell: a disassociate of something never seen, or a retry after an unknown outcome.</summary>
    public bool ReadBeforeUncertainWrites { get; set; } = true;

    /// <summary>Drain jobs working the send queue at once across all servers; pacing is shared, so this only
    /// needs to cover API latency at the configured pace.</summary>
    public int Lanes { get; set; } = 2;

    /// <summary>Automatic retries for throttling, internal errors, timeouts and connection failures.</summary>
    public int MaxTransientAttempts { get; set; } = 8;

    public TimeSpan TransientBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan TransientMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>ResourceNotFound retries (new opportunities appear late), spaced NotFoundRetryDelay × 2^(n-1).</summary>
    public int NotFoundRetries { get; set; } = 3;

    public TimeSpan NotFoundRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Fraction added to the write spacing so that network jitter never puts two writes in one
    /// second of the service's window: 0.02 paces 1 write/s at one per 1.02 s.</summary>
    public double PaceSafetyMargin { get; set; } = 0.02;

    /// <summary>A ledger fact older than this is not trusted to skip a change: the opportunity is read first (people
    /// and AWS edit opportunities in Partner Central too). Zero trusts every fact.</summary>
    public TimeSpan LedgerTrustAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Reads in any 24 h that verification may use, leaving the rest of the read quota (100,000) for
    /// everything else; a change whose check finds no room waits for a later pass.</summary>
    public int VerifyReadsPer24Hours { get; set; } = 50_000;

    /// <summary>What a drift found by the reconcile does: <c>Report</c> (show it, set the ledger to the truth) or
    /// <c>Reapply</c> (also re-queue the CRM's last desired state for that key through the normal plan).</summary>
    public Ledger.DriftPolicy DriftPolicy { get; set; } = Ledger.DriftPolicy.Report;

    /// <summary>Reads in any 24 h (all reads counted) above which the reconcile stops spending: it uses spare read
    /// quota only, below the 100,000 the account has.</summary>
    public int ReconcileReadsPer24Hours { get; set; } = 40_000;

    /// <summary>Opportunities one reconcile run reads at most (at 10 reads/s, 1,000 take under 2 minutes).</summary>
    public int ReconcileReadsPerRun { get; set; } = 1_000;

    /// <summary>How long a drain job works before handing its lane back to Hangfire (keeps jobs short-lived).</summary>
    public TimeSpan DrainSlice { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an assignee email Partner Central refused as not a user of the account is remembered: changes
    /// naming it are rejected without a write until then or until reset (<c>connector assignees reset</c>). 0 turns the
    /// memory off (every such change is sent, and fails).</summary>
    public TimeSpan UnknownAssigneeExpiry { get; set; } = TimeSpan.FromDays(7);

    public bool RemembersUnknownAssignees => UnknownAssigneeExpiry > TimeSpan.Zero;

    /// <summary>When a write is refused because AWS is reviewing the opportunity, its changes wait this long before a
    /// read checks again, doubling per check up to <see cref="ReviewRecheckMaxDelay"/>.</summary>
    public TimeSpan ReviewRecheckDelay { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan ReviewRecheckMaxDelay { get; set; } = TimeSpan.FromHours(4);
}
