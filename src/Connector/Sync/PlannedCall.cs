namespace Connector.Sync;

/// <summary>One call a plan would make, and why. Assignees are shown masked.</summary>
public sealed record PlannedCall(
    long ChangeId,
    string Operation,
    string Catalog,
    string OpportunityId,
    string Target,
    string Reason,
    bool Deferred);
