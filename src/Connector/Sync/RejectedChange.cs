namespace Connector.Sync;

/// <summary>A staged change the plan rejects without a call, and why.</summary>
public sealed record RejectedChange(long ChangeId, string Detail);
