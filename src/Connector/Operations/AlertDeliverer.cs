using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Operations;

/// <summary>Sends due deliveries (<c>connector.alert_deliveries</c>): a claim moves a row's next attempt past a lease
/// (under FOR UPDATE SKIP LOCKED), so exactly one server POSTs it; a server that dies mid-POST leaves it to another
/// once the lease ends. Each POST has <see cref="AlertOptions.RequestTimeout"/>; failures are retried with backoff.</summary>
public sealed partial class AlertDeliverer(NpgsqlDataSource dataSource, IHttpClientFactory httpClients, IOptions<AlertOptions> options, ILogger<AlertDeliverer> logger)
{
    public const string HttpClientName = "alerts";

    private const int Batch = 10;

    private const string ClaimSql = """
        with due as (
            select event_id, webhook from connector.alert_deliveries
             where next_attempt_at <= clock_timestamp()
             order by next_attempt_at
             limit @batch
             for update skip locked)
        update connector.alert_deliveries d
           set attempts = d.attempts + 1, next_attempt_at = clock_timestamp() + @lease
          from due, connector.alert_events e
         where d.event_id = due.event_id and d.webhook = due.webhook and e.id = d.event_id
        returning d.event_id, d.webhook, d.attempts, e.kind, e.event_key, e.occurred_at, e.title, e.body, e.action, e.changes
        """;

    // Guarded by the attempt number: a server whose lease ran out does not overwrite the next claim's outcome.
    private const string DeliveredSql = """
        update connector.alert_deliveries
           set delivered_at = now(), next_attempt_at = null, last_status = @status, last_error = null
         where event_id = @eventId and webhook = @webhook and attempts = @attempts
        """;

    private const string FailedSql = """
        update connector.alert_deliveries
           set next_attempt_at = case when @giveUp then null else clock_timestamp() + @delay end,
               failed_at = case when @giveUp then now() end,
               last_status = @status, last_error = @error
         where event_id = @eventId and webhook = @webhook and attempts = @attempts
        """;

    /// <summary>Sends what is due now; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var lease = settings.RequestTimeout * 2 + TimeSpan.FromSeconds(5);
        List<ClaimRow> claimed;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            claimed = (await connection.QueryAsync<ClaimRow>(new CommandDefinition(ClaimSql, new { batch = Batch, lease }, cancellationToken: cancellationToken))).ToList();
        }

        // In parallel: a dead webhook's timeouts do not hold up the others' deliveries.
        var outcomes = await Task.WhenAll(claimed.Select(claim => DeliverAsync(claim, settings, cancellationToken)));
        return outcomes.Count(delivered => delivered);
    }

    private async Task<bool> DeliverAsync(ClaimRow claim, AlertOptions settings, CancellationToken cancellationToken)
    {
        var (status, error) = await PostAsync(claim, settings, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (error is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(DeliveredSql, new { status, claim.EventId, claim.Webhook, claim.Attempts }, cancellationToken: cancellationToken));
            LogDelivered(claim.Kind, claim.Webhook, Target(claim.Webhook, settings), claim.Attempts);
            return true;
        }

        var delay = AlertRetryPolicy.NextDelay(claim.Attempts, settings);
        await connection.ExecuteAsync(new CommandDefinition(FailedSql, new
        {
            giveUp = delay is null,
            delay = delay ?? TimeSpan.Zero,
            status,
            error,
            claim.EventId,
            claim.Webhook,
            claim.Attempts,
        }, cancellationToken: cancellationToken));
        LogFailed(claim.Kind, claim.Webhook, Target(claim.Webhook, settings), claim.Attempts, error, delay is null);
        return false;
    }

    private async Task<(int? Status, string? Error)> PostAsync(ClaimRow claim, AlertOptions settings, CancellationToken cancellationToken)
    {
        if (claim.Webhook >= settings.Webhooks.Count || !Uri.TryCreate(settings.Webhooks[claim.Webhook].Url, UriKind.Absolute, out var url))
        {
            return (null, $"Alerts:Webhooks:{claim.Webhook}:Url is not configured on this server (or not a URL)");
        }

        var webhook = settings.Webhooks[claim.Webhook];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        try
        {
            using var content = new StringContent(AlertPayload.Build(webhook.Kind, claim.ToEvent()), Encoding.UTF8, "application/json");
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(url, content, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {settings.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            // The message names the host at most; the path (a Slack URL's secret part) is cut out should it appear.
            return (null, Redact(e.HttpRequestError + ": " + e.Message, url));
        }
    }

    private static string Redact(string message, Uri url)
    {
        var text = message.Replace(url.ToString(), url.Host, StringComparison.OrdinalIgnoreCase);
        if (url.PathAndQuery.Length > 1)
        {
            text = text.Replace(url.PathAndQuery, "/…", StringComparison.Ordinal);
        }

        return text.Length <= 300 ? text : text[..300];
    }

    private static string Target(int webhook, AlertOptions settings) => webhook < settings.Webhooks.Count ? settings.Webhooks[webhook].Target : "?";

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} delivered to webhook {Webhook} ({Target}) on attempt {Attempt}")]
    private partial void LogDelivered(string kind, int webhook, string target, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} not delivered to webhook {Webhook} ({Target}) on attempt {Attempt}: {Error}; given up: {GivenUp}")]
    private partial void LogFailed(string kind, int webhook, string target, int attempt, string error, bool givenUp);

    private sealed class ClaimRow
    {
        public long EventId { get; init; }

        public int Webhook { get; init; }

        public int Attempts { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string EventKey { get; init; } = string.Empty;

        public DateTime OccurredAt { get; init; }

        public string Title { get; init; } = string.Empty;

        public string Body { get; init; } = string.Empty;

        public string Action { get; init; } = string.Empty;

        public int Changes { get; init; }

        public AlertEventRow ToEvent() => new()
        {
            Id = EventId, Kind = Kind, EventKey = EventKey, OccurredAt = OccurredAt, Title = Title, Body = Body, Action = Action, Changes = Changes,
        };
    }
}
