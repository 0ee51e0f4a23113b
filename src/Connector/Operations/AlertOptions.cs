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

    /// <summary>What is wrong with these settings, one line each (never quoting a URL: it may hold a secret). A webhook
    /// with no URL (an unset variable in a deployment file) is no webhook at all.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        for (var n = 0; n < Webhooks.Count; n++)
        {
            var webhook = Webhooks[n];
            if (string.IsNullOrWhiteSpace(webhook.Url))
            {
                continue;
            }

            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                problems.Add($"Alerts:Webhooks:{n}:Url is not an absolute http(s) URL.");
            }

            if (!string.Equals(webhook.Kind, AlertWebhookKind.Json, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(webhook.Kind, AlertWebhookKind.Slack, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Alerts:Webhooks:{n}:Kind is '{webhook.Kind}'; use '{AlertWebhookKind.Json}' or '{AlertWebhookKind.Slack}'.");
            }

            foreach (var kind in webhook.Events.Where(e => !AlertKind.All.Contains(e, StringComparer.OrdinalIgnoreCase)))
            {
                problems.Add($"Alerts:Webhooks:{n}:Events has '{kind}'; the kinds are {string.Join(", ", AlertKind.All)}.");
            }
        }

        if (PollInterval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || RetryBaseDelay <= TimeSpan.Zero || MaxAttempts < 1)
        {
            problems.Add("Alerts:PollInterval, Alerts:RequestTimeout and Alerts:RetryBaseDelay must be positive, Alerts:MaxAttempts at least 1.");
        }

        return problems;
    }
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
