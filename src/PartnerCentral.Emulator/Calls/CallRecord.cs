namespace PartnerCentral.Emulator.Calls;

/// <summary>One call the emulator answered. Deliberately without assignee details, credentials or signatures:
/// the log is served over the control API and printed in test output. <see cref="Time"/> is when the answer was
/// written; <see cref="CountedAt"/> when the quota counted the call (null when it never reached the quota or was
/// throttled): the moment the quota's rules are about.</summary>
public sealed record CallRecord(
    DateTimeOffset Time,
    string Operation,
    string? Catalog,
    string? OpportunityId,
    string? EntityType,
    string? EntityId,
    int HttpStatus,
    string? ErrorType,
    string RequestId,
    DateTimeOffset? CountedAt = null);
