using System.Diagnostics.Metrics;
using Connector.Changes;
using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Operations;

/// <summary>The whole account's truth, read from Postgres when a collection asks (a scrape, an OTLP export), so every
/// server reports the same values and a scrape of any one is right. Calls are counted from <c>connector.attempts</c>
/// (finished ones only: their count never goes down). One query serves all instruments of one collection; when
/// Postgres cannot answer, the instruments report nothing rather than a stale value.</summary>
public sealed partial class AccountMetrics : IDisposable
{
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(1);

    private const string SnapshotSql = $$"""
        select is_write, operation, outcome, coalesce(error_type, '') as error_type,
               coalesce(http_status = 429 or error_type = any(@throttleTypes), false) as throttled, count(*) as count
          from connector.attempts
         where outcome <> 'sending'
         group by 1, 2, 3, 4, 5;
        select (select count(*) from connector.send_queue) as queued,
               (select count(*) from connector.crm_changes where status = '{{ChangeStatus.Deferred}}') as deferred,
               (select count(*) from connector.attempts where is_write and slot_at > clock_timestamp() - interval '24 hours') as writes_used,
               p.paused_reason is not null as paused
          from connector.pace p where p.id = 1;
        select coalesce(error_type, 'unknown') as key, count(*) as count from connector.crm_changes where status = '{{ChangeStatus.Failed}}' group by 1;
        select kind as key, count(*) as count from connector.alert_events group by kind;
        select case when delivered_at is not null then 'delivered' when failed_at is not null then 'failed' else 'pending' end as state,
               count(*) as count
          from connector.alert_deliveries group by 1;
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly IOptions<PartnerCentralOptions> apiOptions;
    private readonly TimeProvider time;
    private readonly ILogger<AccountMetrics> logger;
    private readonly Meter meter;
    private readonly Lock gate = new();
    private Snapshot? cached;
    private DateTimeOffset cachedAt;

    public AccountMetrics(NpgsqlDataSource dataSource, IOptions<PartnerCentralOptions> apiOptions, IMeterFactory meters, TimeProvider time, ILogger<AccountMetrics> logger)
    {
        this.dataSource = dataSource;
        this.apiOptions = apiOptions;
        this.time = time;
        this.logger = logger;
        meter = meters.Create(ConnectorMetrics.MeterName);
        meter.CreateObservableCounter("connector.api.writes", () => Calls(isWrite: true), "{call}", "Partner Central write calls finished, by operation (rpc.method) and outcome (ok, error, abandoned).");
        meter.CreateObservableCounter("connector.api.reads", () => Calls(isWrite: false), "{call}", "Partner Central read calls finished, by operation (rpc.method) and outcome.");
        meter.CreateObservableCounter("connector.api.errors", Errors, "{call}", "Partner Central calls that ended in an error, by operation and the API's error type (error.type).");
        meter.CreateObservableCounter("connector.api.throttles", Throttles, "{call}", "Partner Central calls refused as throttled (HTTP 429 or a throttling error type), by operation.");
        meter.CreateObservableGauge("connector.queue.depth", () => Gauge(s => s.State.Queued), "{change}", "Changes in the send queue (due now, retrying or deferred).");
        meter.CreateObservableGauge("connector.changes.deferred", () => Gauge(s => s.State.Deferred), "{change}", "Changes waiting for the 24 h write budget.");
        meter.CreateObservableGauge("connector.changes.failed", FailedChanges, "{change}", "Changes that failed and wait for a person (fix, then retry), by the API's error type (error.type).");
        meter.CreateObservableGauge("connector.budget.writes.used", () => Gauge(s => s.State.WritesUsed), "{write}", "Writes in the rolling 24 h window (whole account).");
        meter.CreateObservableGauge("connector.budget.writes.remaining", () => Gauge(s => Math.Max(0, apiOptions.Value.WritesPer24Hours - s.State.WritesUsed)), "{write}", "Writes left in the rolling 24 h window.");
        meter.CreateObservableGauge("connector.budget.writes.limit", () => Gauge(_ => apiOptions.Value.WritesPer24Hours), "{write}", "The 24 h write budget (PartnerCentral:WritesPer24Hours).");
        meter.CreateObservableGauge("connector.sync.paused", () => Gauge(s => s.State.Paused ? 1 : 0), null, "1 while every server has stopped sending (access denied, credentials), else 0.");
        meter.CreateObservableCounter("connector.alert.events", AlertEvents, "{event}", "Alert events recorded, by kind (connector.alert.kind).");
        meter.CreateObservableGauge("connector.alert.deliveries", AlertDeliveries, "{delivery}", "Alert deliveries by state (connector.alert.delivery.state: pending, delivered, failed).");
    }

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Calls(bool isWrite) =>
        Read()?.Calls.Where(c => c.IsWrite == isWrite)
            .GroupBy(c => (c.Operation, c.Outcome))
            .Select(g => new Measurement<long>(g.Sum(c => c.Count), Tag("rpc.method", g.Key.Operation), Tag("connector.outcome", g.Key.Outcome)))
        ?? [];

    private IEnumerable<Measurement<long>> Errors() =>
        Read()?.Calls.Where(c => c.Outcome == "error")
            .GroupBy(c => (c.Operation, c.ErrorType))
            .Select(g => new Measurement<long>(g.Sum(c => c.Count), Tag("rpc.method", g.Key.Operation), Tag("error.type", g.Key.ErrorType.Length == 0 ? "_OTHER" : g.Key.ErrorType)))
        ?? [];

    private IEnumerable<Measurement<long>> Throttles() =>
        Read()?.Calls.Where(c => c.Throttled)
            .GroupBy(c => c.Operation)
            .Select(g => new Measurement<long>(g.Sum(c => c.Count), Tag("rpc.method", g.Key)))
        ?? [];

    private IEnumerable<Measurement<long>> FailedChanges() =>
        Read()?.Failed.Select(f => new Measurement<long>(f.Value, Tag("error.type", f.Key))) ?? [];

    private IEnumerable<Measurement<long>> AlertEvents() =>
        Read()?.Events.Select(e => new Measurement<long>(e.Value, Tag("connector.alert.kind", e.Key))) ?? [];

    private IEnumerable<Measurement<long>> AlertDeliveries() =>
        Read()?.Deliveries.Select(d => new Measurement<long>(d.Value, Tag("connector.alert.delivery.state", d.Key))) ?? [];

    private IEnumerable<Measurement<long>> Gauge(Func<Snapshot, long> value) =>
        Read() is { } snapshot ? [new Measurement<long>(value(snapshot))] : [];

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    // Observable callbacks are synchronous; one query per collection (all instruments within a second share it).
    private Snapshot? Read()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (cached is not null && now - cachedAt < SnapshotLifetime)
            {
                return cached;
            }

            try
            {
                using var connection = dataSource.OpenConnection();
                using var results = connection.QueryMultiple(new CommandDefinition(SnapshotSql,
                    new { throttleTypes = PartnerCentralErrorMapping.ThrottlingTypes.ToArray() }, commandTimeout: 5));
                var calls = results.Read<CallRow>().ToList();
                var state = results.ReadSingle<StateRow>();
                var failed = results.Read<(string Key, long Count)>().Select(r => new KeyValuePair<string, long>(r.Key, r.Count)).ToList();
                var events = results.Read<(string Key, long Count)>().Select(r => new KeyValuePair<string, long>(r.Key, r.Count)).ToList();
                var deliveries = results.Read<(string Key, long Count)>().Select(r => new KeyValuePair<string, long>(r.Key, r.Count)).ToList();
                cached = new Snapshot(calls, state, failed, events, deliveries);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogUnavailable(e.GetType().Name, e.Message);
                cached = null;
            }

            cachedAt = now;
            return cached;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account metrics unavailable ({ErrorType}: {Message}); reporting none this time")]
    private partial void LogUnavailable(string errorType, string message);

    private sealed record Snapshot(List<CallRow> Calls, StateRow State, List<KeyValuePair<string, long>> Failed, List<KeyValuePair<string, long>> Events, List<KeyValuePair<string, long>> Deliveries);

    private sealed class CallRow
    {
        public bool IsWrite { get; init; }

        public string Operation { get; init; } = string.Empty;

        public string Outcome { get; init; } = string.Empty;

        public string ErrorType { get; init; } = string.Empty;

        public bool Throttled { get; init; }

        public long Count { get; init; }
    }

    private sealed class StateRow
    {
        public long Queued { get; init; }

        public long Deferred { get; init; }

        public long WritesUsed { get; init; }

        public bool Paused { get; init; }
    }
}
