namespace PartnerCentral.Emulator.Protocol;

/// <summary>A decoded request: the typed request record (from the shared Connector shapes) plus the keys the
/// emulator routes, logs and injects faults by. No assignee details here: they must never reach the log.</summary>
internal sealed record SellingCall(string Operation, object Request, string? Catalog, string? OpportunityId, string? EntityType, string? EntityId);
