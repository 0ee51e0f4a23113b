namespace Connector.Host.Dashboard.Upload;

/// <summary>The planner's preview of a staged upload, as it would run now against the ledger and the queue.</summary>
/// <param name="Calls">Calls this file's rows would cause (due now or deferred by the 24 h budget).</param>
/// <param name="Deferred">Of those, the ones beyond today's 24 h write budget.</param>
/// <param name="Unchanged">Rows Partner Central already has: no call.</param>
/// <param name="Superseded">Rows replaced by a later row for the same opportunity and entity: no call.</param>
/// <param name="Waiting">Rows left pending behind a call in flight for the same key.</param>
/// <param name="PlannerRejections">Rows the pre-flight API rules (or per-opportunity caps) would reject.</param>
/// <param name="QueuedTotal">Every call queued after staging, this file's and the ones already waiting.</param>
/// <param name="EtaSeconds">Time to send <paramref name="QueuedTotal"/> at the configured pace and budget.</param>
public sealed record UploadEffect(
    int Calls,
    int Deferred,
    int Unchanged,
    int Superseded,
    int Waiting,
    IReadOnlyList<UploadRowError> PlannerRejections,
    int PlannerRejected,
    IReadOnlyList<UploadPlannedCall> FirstCalls,
    int QueuedTotal,
    int WritesUsedLast24Hours,
    int WriteBudget,
    double WritesPerSecond,
    double EtaSeconds);
