using System.Text.Json;

namespace Connector.Operations;

/// <summary>The body POSTed for an event: Slack-compatible <c>{"text": ...}</c>, or the event's fields as JSON.</summary>
public static class AlertPayload
{
    public const string Source = "partner-sync";

    public static string Build(string webhookKind, AlertEventRow alert)
    {
        if (string.Equals(webhookKind, AlertWebhookKind.Slack, StringComparison.OrdinalIgnoreCase))
        {
            return JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["text"] = $"*{alert.Title}*\n{alert.Body}\n*What to do:* {alert.Action}",
            });
        }

        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["source"] = Source,
            ["kind"] = alert.Kind,
            ["key"] = alert.EventKey,
            ["occurredAt"] = DateTime.SpecifyKind(alert.OccurredAt, DateTimeKind.Utc).ToString("O"),
            ["title"] = alert.Title,
            ["text"] = alert.Body,
            ["changes"] = alert.Changes,
            ["action"] = alert.Action,
        });
    }
}
