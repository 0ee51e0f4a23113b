using Connector.Ledger;
using Hangfire;

namespace Connector.Jobs;

/// <summary>The recurring reconcile (<c>Schedules:Reconcile</c>, hourly): spends spare read quota re-reading what the
/// ledger knows, oldest first, and records drift. Safe to overlap (one runs, the other skips) and to retry.</summary>
public sealed class ReconcileJob(LedgerReconciler reconciler)
{
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [60, 300], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("Reconcile the ledger with Partner Central")]
    public Task RunAsync(CancellationToken cancellationToken) => reconciler.ReconcileAsync(dryRun: false, opportunities: null, cancellationToken);
}
