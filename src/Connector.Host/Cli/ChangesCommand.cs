using System.Globalization;
using System.Text.Json;
using Connector.Changes;
using Connector.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

/// <summary><c>changes [--status S] [--opportunity O] [--import N] [--limit N] [--json]</c> lists changes, newest
/// first; <c>changes show N [--json]</c> tells one change's whole history. Exit 0; 1 when the change asked for does
/// not exist; 2 for bad arguments.</summary>
public static class ChangesCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string> { "--status", "--opportunity", "--import", "--limit" }, new HashSet<string> { "--json" });
        var show = arguments.Positional.Count > 0 && arguments.Positional[0] == "show";
        if (arguments.Positional.Count > (show ? 2 : 0))
        {
            throw new UsageException($"changes takes options, or 'show N': '{string.Join(' ', arguments.Positional)}' is neither.");
        }

        long? id = show ? Number(arguments.Positional.ElementAtOrDefault(1), "changes show", required: true) : null;
        var status = arguments.Value("--status");
        if (status is not null && !ChangeStatus.All.Contains(status))
        {
            throw new UsageException($"--status must be one of {string.Join(", ", ChangeStatus.All)}, not '{status}'.");
        }

        var importId = Number(arguments.Value("--import"), "--import", required: false);
        var limit = (int)(Number(arguments.Value("--limit"), "--limit", required: false) ?? 50);

        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        await using var services = new ServiceCollection().AddLogging(builder => logging.Configure(builder, configuration)).AddConnectorCore(configuration, connectionString).BuildServiceProvider();
        var store = services.GetRequiredService<ChangeHistoryStore>();
        if (id is { } changeId)
        {
            var history = await store.ShowAsync(changeId, cancellationToken);
            if (history is null)
            {
                await Console.Error.WriteLineAsync($"connector: there is no change {changeId}.");
                return 1;
            }

            Console.WriteLine(arguments.Has("--json") ? JsonSerializer.Serialize(history, Json) : Describe(history));
            return 0;
        }

        var changes = await store.ListAsync(status, arguments.Value("--opportunity"), importId, limit, cancellationToken);
        Console.WriteLine(arguments.Has("--json") ? JsonSerializer.Serialize(changes, Json) : Table(changes));
        return 0;
    }

    private static long? Number(string? text, string name, bool required)
    {
        if (text is null)
        {
            return required ? throw new UsageException($"{name} needs a change id (a number).") : null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"{name} takes a positive number, not '{text}'.");
    }

    private static string Table(IReadOnlyList<ChangeSummary> changes)
    {
        if (changes.Count == 0)
        {
            return "No change matched.";
        }

        var lines = new List<string> { $"{"id",8}  {"status",-10}  {"attempts",8}  {"opportunity",-12}  {"change",-40}  detail" };
        lines.AddRange(changes.Select(c =>
            $"{c.Id,8}  {c.Status,-10}  {c.Attempts,8}  {c.OpportunityId,-12}  {Shorten($"{c.ChangeType} {c.Target}", 40),-40}  {Detail(c)}"));
        lines.Add(changes.Count == 1 ? "1 change; 'connector changes show N' tells one change's history." : $"{changes.Count} changes (newest first); 'connector changes show N' tells one change's history.");
        return string.Join(Environment.NewLine, lines);
    }

    private static string Describe(ChangeHistory history)
    {
        var c = history.Change;
        var lines = new List<string>
        {
            $"Change {c.Id}: {c.ChangeType} {c.Target} on {c.Catalog}/{c.OpportunityId}",
            $"  status      {c.Status}{(c.ErrorType is null ? string.Empty : $" ({c.ErrorType})")}",
            $"  detail      {c.Detail ?? "-"}",
            $"  request id  {c.RequestId ?? "-"}",
            $"  changed at  {CliStamp.Of(c.ChangedAt)}; processed at {CliStamp.Of(c.ProcessedAt)}{(c.ImportId is { } import ? $"; from import #{import}" : string.Empty)}",
        };
        if (history.Queued is { } queued)
        {
            lines.Add($"  queued      next try at {CliStamp.Of(queued.NotBefore)}, {queued.Attempts} transient and {queued.NotFoundAttempts} not-found retries so far"
                      + (queued.ReadFirst ? ", reads the opportunity first" : string.Empty));
        }

        lines.Add(history.Ledger is { } ledger
            ? $"  ledger      {ledger.Fact} (learned by {ledger.LearnedFrom ?? "read"} at {CliStamp.Of(ledger.LearnedAt ?? ledger.ReadAt)})"
            : "  ledger      nothing known of this key yet");
        lines.Add(history.Attempts.Count == 0 ? "  calls       none" : $"  calls       {history.Attempts.Count}:");
        lines.AddRange(history.Attempts.Select(a =>
            $"    #{a.Id} {a.Operation} at {CliStamp.Of(a.SentAt ?? a.SlotAt)}: {a.Outcome}"
            + (a.HttpStatus is { } http ? $" HTTP {http}" : string.Empty)
            + (a.ErrorType is null ? string.Empty : $" {a.ErrorType}")
            + (a.DurationMs is { } ms ? $" in {ms} ms" : string.Empty)
            + (a.RequestId is null ? string.Empty : $", request {a.RequestId}")));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Detail(ChangeSummary change) =>
        Shorten(change.Detail ?? string.Empty, 100) + (change.RequestId is null ? string.Empty : $" [request {change.RequestId}]");

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
