namespace Connector.Operations;

/// <summary>One event for people: what happened, how many changes it concerns, and what to do. <see cref="Key"/> is
/// unique per event (<c>connector.alert_events.event_key</c>), so it is recorded, and sent, once.</summary>
public sealed record AlertEvent(string Kind, string Key, string Title, string Body, string Action, int Changes);

/// <summary>A recorded event as a webhook receives it (<c>connector.alert_events</c> joined with its delivery).</summary>
public sealed class AlertEventRow
{
    public long Id { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string EventKey { get; init; } = string.Empty;

    public DateTime OccurredAt { get; init; }

    public string Title { get; init; } = string.Empty;

    public string Body { get; init; } = string.Empty;

    public string Action { get; init; } = string.Empty;

    public int Changes { get; init; }
}
