using System.Globalization;
using System.Text.Json;
using Connector.Assignees;
using Connector.Host.Hosting;
using Connector.PartnerCentral;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Cli;

/// <summary><c>assignees [--json]</c> lists the assignee emails Partner Central refused as not users of the account
/// (masked), which the plan rejects without a write; <c>assignees reset &lt;email&gt; | --all</c> forgets one or all of
/// them and puts the changes rejected for them back to pending. Exit 0; 1 when reset found nothing to forget or
/// requeue; 2 for bad arguments.</summary>
public static class AssigneesCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args, CliLogging logging, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string> { "--json", "--all" });
        var reset = arguments.Positional.Count > 0 && arguments.Positional[0] == "reset";
        var email = reset ? arguments.Positional.ElementAtOrDefault(1) : null;
        if (!reset && (arguments.Positional.Count > 0 || arguments.Has("--all")))
        {
            throw new UsageException($"assignees takes --json, or 'reset <email>' / 'reset --all': '{string.Join(' ', args)}' is neither.");
        }

        if (reset && (arguments.Positional.Count > 2 || (email is null) == !arguments.Has("--all")))
        {
            throw new UsageException("assignees reset takes one email, or --all.");
        }

        var configuration = ConnectorConfiguration.Build();
        var connectionString = await ConnectorCli.PrepareDatabaseAsync(configuration, cancellationToken);
        await using var services = new ServiceCollection().AddLogging(builder => logging.Configure(builder, configuration)).AddConnectorCore(configuration, connectionString).BuildServiceProvider();
        var store = services.GetRequiredService<UnknownAssigneeStore>();
        if (reset)
        {
            var done = await store.ResetAsync(email, "assignees reset (CLI)", cancellationToken);
            var what = email is null ? "every remembered assignee" : AssigneeContact.MaskEmail(RequestValidator.NormaliseEmail(email));
            if (done.Forgotten == 0 && done.Requeued == 0)
            {
                await Console.Error.WriteLineAsync($"connector: nothing to reset for {what}: it is not remembered and no change was rejected for it.");
                return 1;
            }

            Console.WriteLine($"Forgot {Count(done.Forgotten, "email")}; {Count(done.Requeued, "change")} rejected for {what} back to pending for the next sync.");
            return 0;
        }

        var remembered = (await store.ListAsync(cancellationToken))
            .Select(a => new { Email = AssigneeContact.MaskEmail(a.Email), RefusedAt = CliStamp.Utc(a.RefusedAt), ExpiresAt = CliStamp.Utc(a.ExpiresAt), a.ChangeId, a.RequestId })
            .ToList();
        if (arguments.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(remembered, Json));
            return 0;
        }

        if (remembered.Count == 0)
        {
            Console.WriteLine("No assignee is remembered as unknown: every assignment is sent.");
            return 0;
        }

        var lines = new List<string> { $"{"email",-32}  {"refused at",-20}  {"until",-20}  {"change",8}  request id" };
        lines.AddRange(remembered.Select(a => $"{a.Email,-32}  {CliStamp.Of(a.RefusedAt),-20}  {CliStamp.Of(a.ExpiresAt),-20}  {a.ChangeId?.ToString(CultureInfo.InvariantCulture) ?? "-",8}  {a.RequestId ?? "-"}"));
        lines.Add($"{Count(remembered.Count, "email")} Partner Central refused as not users of the account: assignments to them are rejected without a write. "
                  + "Once the user exists, 'connector assignees reset <email>' sends them again.");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
        return 0;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
