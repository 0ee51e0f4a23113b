using Dapper;
using Npgsql;

namespace Connector.Operations;

/// <summary>Recent alerts and what became of their deliveries, for the dashboard's Sync page.</summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private const string RecentSql = """
        select e.id, e.kind, e.title, e.changes, e.occurred_at, d.webhook, d.target, d.attempts, d.delivered_at, d.failed_at,
               d.next_attempt_at, d.last_status, d.last_error
          from (select * from connector.alert_events order by id desc limit @limit) e
          left join connector.alert_deliveries d on d.event_id = e.id
         order by e.id desc, d.webhook
        """;

    public async Task<IReadOnlyList<AlertDeliveryRow>> ReadRecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AlertDeliveryRow>(new CommandDefinition(RecentSql, new { limit }, cancellationToken: cancellationToken))).ToList();
    }
}

/// <summary>An event and one of its deliveries (the delivery fields are null for an event no webhook wanted).</summary>
public sealed class AlertDeliveryRow
{
    public long Id { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public int Changes { get; init; }

    public DateTime OccurredAt { get; init; }

    public int? Webhook { get; init; }

    public string? Target { get; init; }

    public int? Attempts { get; init; }

    public DateTime? DeliveredAt { get; init; }

    public DateTime? FailedAt { get; init; }

    public DateTime? NextAttemptAt { get; init; }

    public int? LastStatus { get; init; }

    public string? LastError { get; init; }
}
