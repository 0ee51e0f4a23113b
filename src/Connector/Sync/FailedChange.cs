namespace Connector.Sync;

/// <summary>A failed change as the dashboard lists it (no assignee details).</summary>
public sealed class FailedChange
{
    public long Id { get; init; }

    public string ChangeType { get; init; } = string.Empty;

    public string Catalog { get; init; } = string.Empty;

    public string OpportunityId { get; init; } = string.Empty;

    public string? Target { get; init; }

    public string ErrorType { get; init; } = string.Empty;

    public string? Detail { get; init; }

    public DateTime? ProcessedAt { get; init; }
}
