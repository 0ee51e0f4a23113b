namespace PartnerCentral.Emulator.Calls;

/// <summary>One call the emulator answered. Deliberately without assignee details, credentials or signatures:
/// the log is served over the control API and printed in test output.</summary>
public sealed record CallRecord(
    DateTimeOffset Time,
    string Operation,
    string? Catalog,
    string? OpportunityId,
    string? EntityType,
    string? EntityId,
    int HttpStatus,
    string? ErrorType,
    string RequestId);
