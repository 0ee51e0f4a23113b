namespace Connector.Operations;

/// <summary>Config section <c>Alerts</c>: who hears about a pause, a failed run, an exhausted budget or drift.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>A run that ends with more failed changes than this raises <see cref="AlertKind.RunFailures"/>.</summary>
    public int FailureThreshold { get; set; }

    /// <summary><c>Alerts:Webhooks:N</c>; the index N is the webhook's identity in <c>connector.alert_deliveries</c>.</summary>
    public List<AlertWebhookOptions> Webhooks { get; set; } = [];

    /// <summary>How often each server looks for new events and due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>One POST's time limit: a dead webhook costs at most this, and never a sync's time.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's delay; each further retry doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts per delivery before it is recorded as failed.</summary>
    public int MaxAttempts { get; set; } = 10;
}

/// <summary><c>Alerts:Webhooks:N</c>: one receiver.</summary>
public sealed class AlertWebhookOptions
{
    /// <summary>The URL to POST to. Treated as a secret (Slack's are): only its host is ever shown or logged.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary><c>json</c> (default: the event's fields) or <c>slack</c> (<c>{"text": ...}</c>, which Slack, Mattermost
    /// and Rocket.Chat incoming webhooks accept).</summary>
    public string Kind { get; set; } = AlertWebhookKind.Json;

    /// <summary>The <see cref="AlertKind"/> values this webhook receives; empty means all.</summary>
    public List<string> Events { get; set; } = [];

    public bool Wants(string kind) => Events.Count == 0 || Events.Contains(kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>The host alone (with a non-default port): safe to show and log.</summary>
    public string Target => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}" : "(invalid URL)";
}

public static class AlertWebhookKind
{
    public const string Json = "json";
    public const string Slack = "slack";
}
