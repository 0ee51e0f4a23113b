namespace Connector.Operations;

/// <summary><c>connector.alert_events.kind</c> values, and <c>Alerts:Webhooks:N:Events</c> entries.</summary>
public static class AlertKind
{
    /// <summary>Every server stopped sending: access denied or credentials (connector.pace.paused_reason set).</summary>
    public const string SyncPaused = "sync-paused";

    /// <summary>A pause was lifted (a retry, a manual sync).</summary>
    public const string SyncResumed = "sync-resumed";

    /// <summary>A run's changes are all settled and more than Alerts:FailureThreshold of them failed.</summary>
    public const string RunFailures = "run-failures";

    /// <summary>The rolling 24 h write budget is used up while changes still wait.</summary>
    public const string BudgetExhausted = "budget-exhausted";

    /// <summary>Partner Central differs from what the connector believes. Raised by the drift check through
    /// <see cref="AlertDetector.RaiseAsync"/> (no drift check exists yet).</summary>
    public const string DriftFound = "drift-found";

    public static readonly IReadOnlyList<string> All = [SyncPaused, SyncResumed, RunFailures, BudgetExhausted, DriftFound];
}
