using System.Diagnostics;
using System.Text.Json;
using Connector.Bench.Infrastructure;
using Connector.PartnerCentral;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.State;
using PartnerCentral.Emulator.Protocol;

namespace Connector.Bench.Benchmarks;

/// <summary>API writes per change actually needed, for the connector and for a naive one-call-per-row loop over the
/// official JS SDK (bench/naive), on the same staged rows against an emulator seeded the same way.</summary>
public static class CallEfficiencyBenchmark
{
    // Run at a high quota: the metric is calls per needed change, not time.
    private const int Quota = 200;
    private const int Budget = 10_000_000;

    /// <summary>The email of a partner account manager who left: Partner Central refuses it as not a user of the account.</summary>
    public const string DepartedAssignee = "departed.manager@example.com";

    /// <summary>A staged row: an association (entity type and id), or an assignment (<see cref="AssigneeEmail"/>).</summary>
    public sealed record Row(long Seq, string ChangeType, string Catalog, string OpportunityId, string? EntityType, string? EntityId, string? AssigneeEmail = null);

    /// <summary>The generated workload: rows in time order, the seeded state, and the number of changes needed.</summary>
    public sealed record Workload(IReadOnlyList<Row> Rows, IReadOnlyList<(string Opportunity, string Solution)> Seeded, int Needed,
        IReadOnlyDictionary<(string Opportunity, string Solution), bool> Desired, IReadOnlyList<string> InactiveSolutions,
        IReadOnlyList<(string Opportunity, string Solution)> UnderReview);

    public static async Task<BenchLine> RunAsync(BenchSettings settings)
    {
        var workload = Generate(settings.RowsOr(10_000, 200));
        await using var database = await BenchDatabase.StartAsync();
        var connectionString = await database.CreateAsync("calls");

        // The connector: stage, plan, drain.
        int writes, reads, listReads, failedWrites, unknownAssigneeWrites, reviewOpportunitiesRefused;
        bool stateOk;
        double connectorSeconds;
        await using (var emulator = await StartEmulatorAsync(workload))
        {
            await SeedLedgerAsync(connectionString, workload);
            await StageAsync(connectionString, workload.Rows);
            await using var connector = InProcessConnector.Create(connectionString, emulator.BaseAddress, Quota, Budget);
            var watch = Stopwatch.StartNew();
            // What the hourly solution-refresh job has done by the time the rows arrive.
            await connector.Get<Connector.Solutions.SolutionCache>().RefreshAsync("AWS", CancellationToken.None);
            await connector.PlanAsync();
            await connector.DrainAsync(lanes: 2, within: TimeSpan.FromMinutes(30));
            connectorSeconds = watch.Elapsed.TotalSeconds;
            var calls = emulator.Calls;
            writes = calls.Count(c => SellingOperation.IsWrite(c.Operation));
            failedWrites = calls.Count(c => SellingOperation.IsWrite(c.Operation) && c.HttpStatus != 200);
            unknownAssigneeWrites = calls.Count(c => c.Operation == "AssignOpportunity" && c.HttpStatus != 200);
            var inReview = workload.UnderReview.Select(r => r.Opportunity).ToHashSet();
            reviewOpportunitiesRefused = calls.Where(c => SellingOperation.IsWrite(c.Operation) && c.HttpStatus != 200 && c.OpportunityId is { } o && inReview.Contains(o))
                .Select(c => c.OpportunityId).Distinct().Count();
            reads = calls.Count(c => c.Operation == "GetOpportunity");
            listReads = calls.Count(c => c.Operation == "ListSolutions");
            stateOk = StateMatches(emulator, workload);
        }

        // Bound to fail: every failed write except the one that discovers the unknown assignee.
        // Discovery: the one write that meets the unknown assignee, and one per opportunity under review.
        var discovery = Math.Min(unknownAssigneeWrites, 1) + reviewOpportunitiesRefused;

        var line = new BenchLine("call-efficiency")
            .Add("rows", workload.Rows.Count)
            .Add("needed_changes", workload.Needed)
            .Add("unknown_assignee_rows", workload.Rows.Count(r => r.AssigneeEmail == DepartedAssignee))
            .Add("inactive_solution_rows", workload.Rows.Count(r => r.EntityId is { } e && workload.InactiveSolutions.Contains(e)))
            .Add("under_review_rows", workload.UnderReview.Count)
            .Add("writes", writes)
            .Add("writes_per_needed_change", (double)(writes - discovery) / workload.Needed)
            .Add("failed_writes", failedWrites)
            .Add("discovery_writes", discovery)
            .Add("bound_to_fail_writes", failedWrites - discovery)
            .Add("reads", reads)
            .Add("list_solutions_reads", listReads)
            .Add("state_ok", stateOk)
            .Add("seconds", connectorSeconds, "F1");

        // The naive baseline on a fresh emulator with the same seeded state.
        await using (var emulator = await StartEmulatorAsync(workload))
        {
            var baseline = await RunNaiveAsync(emulator.BaseAddress, workload);
            if (baseline is null)
            {
                return line.Add("baseline", "unavailable");
            }

            var calls = emulator.Calls;
            var baselineWrites = calls.Count(c => SellingOperation.IsWrite(c.Operation));
            line.Add("baseline_writes", baselineWrites)
                .Add("baseline_writes_per_needed_change", (double)baselineWrites / workload.Needed)
                .Add("baseline_wasted_writes", baselineWrites - workload.Needed)
                .Add("baseline_failed_writes", calls.Count(c => SellingOperation.IsWrite(c.Operation) && c.HttpStatus != 200))
                .Add("baseline_unknown_assignee_writes", calls.Count(c => c.Operation == "AssignOpportunity" && c.HttpStatus != 200))
                .Add("baseline_state_ok", StateMatches(emulator, workload))
                .Add("baseline_seconds", baseline.Value, "F1");
        }

        return line;
    }

    /// <summary>Of every N rows: 35% needed changes (5/7 associate a new solution, 2/7 disassociate one the account
    /// has), 20% already satisfied per the ledger and the emulator (associate what is there), 10% superseded (an
    /// earlier opposite change for a needed key), 30% duplicates (a later identical copy of a needed or satisfied
    /// row), 5% invalid (bad solution id or opportunity id). Three keys per opportunity, so no per-opportunity cap
    /// is ever reached. On top, 5% of N assignments, each to its own opportunity, all naming an assignee Partner
    /// Central refuses as not a user of the account (<see cref="DepartedAssignee"/>), and 2% associates of solutions
    /// the account lists as Inactive, each on its own opportunity, and 0.5% associates on opportunities AWS is
    /// reviewing (ten each): bound to fail, none needed.</summary>
    public static Workload Generate(int totalRows)
    {
        var random = new Random(42);
        var invalid = totalRows * 5 / 100;
        var superseded = totalRows * 10 / 100;
        var duplicates = totalRows * 30 / 100;
        var satisfied = totalRows * 20 / 100;
        var needed = totalRows - invalid - superseded - duplicates - satisfied;
        var neededDis = needed * 2 / 7;
        var neededAssoc = needed - neededDis;
        superseded = Math.Min(superseded, needed);

        static string Opp(int key) => "O" + (1_000_000 + key / 3);
        static string Sol(int key) => "S-" + (key + 1);

        // (phase, tiebreak, row) - phases order time: superseded < final < duplicates; invalid anywhere.
        var timed = new List<(int Phase, double Order, string Type, string Opp, string Entity)>();
        var seeded = new List<(string, string)>();
        var finals = new List<(string Type, string Opp, string Entity)>();
        var key = 0;
        for (var i = 0; i < neededAssoc; i++, key++)
        {
            finals.Add(("associate", Opp(key), Sol(key)));
        }

        for (var i = 0; i < neededDis; i++, key++)
        {
            finals.Add(("disassociate", Opp(key), Sol(key)));
            seeded.Add((Opp(key), Sol(key)));
        }

        var neededFinals = finals.Count;
        for (var i = 0; i < satisfied; i++, key++)
        {
            finals.Add(("associate", Opp(key), Sol(key)));
            seeded.Add((Opp(key), Sol(key)));
        }

        foreach (var f in finals)
        {
            timed.Add((1, random.NextDouble(), f.Type, f.Opp, f.Entity));
        }

        // Superseded: half before new associates (an earlier disassociate), half before disassociates (an earlier associate).
        for (var i = 0; i < superseded; i++)
        {
            var target = i % 2 == 0 && i / 2 < neededAssoc ? finals[i / 2] : finals[neededAssoc + (i / 2 % Math.Max(neededDis, 1))];
            timed.Add((0, random.NextDouble(), target.Type == "associate" ? "disassociate" : "associate", target.Opp, target.Entity));
        }

        for (var i = 0; i < duplicates; i++)
        {
            var original = finals[random.Next(finals.Count)];
            timed.Add((2, random.NextDouble(), original.Type, original.Opp, original.Entity));
        }

        for (var i = 0; i < invalid; i++)
        {
            var bad = i % 2 == 0 ? ("associate", Opp(key + i), "Solution-" + i) : ("associate", "OPP-" + i, Sol(key + i));
            timed.Add((random.Next(3), random.NextDouble(), bad.Item1, bad.Item2, bad.Item3));
        }

        var inactiveSolutions = new List<string>();
        for (var i = 0; i < totalRows * 2 / 100; i++)
        {
            inactiveSolutions.Add("S-" + (5_000_000 + i));
            timed.Add((random.Next(3), random.NextDouble(), "associate", "O" + (4_000_000 + i), inactiveSolutions[^1]));
        }

        // Under review: 0.5% associates, ten per opportunity (the cap), on opportunities AWS is reviewing.
        var underReview = new List<(string Opportunity, string Solution)>();
        for (var i = 0; i < Math.Max(totalRows / 200, 1); i++)
        {
            underReview.Add(("O" + (6_000_000 + i / 10), "S-" + (6_000_000 + i)));
            timed.Add((random.Next(3), random.NextDouble(), "associate", underReview[^1].Opportunity, underReview[^1].Solution));
        }

        var departed = totalRows * 5 / 100;
        for (var i = 0; i < departed; i++)
        {
            timed.Add((random.Next(3), random.NextDouble(), "assign", "O" + (3_000_000 + i), DepartedAssignee));
        }

        var rows = timed.OrderBy(t => t.Phase).ThenBy(t => t.Order)
            .Select((t, index) => t.Type == "assign"
                ? new Row(index, t.Type, "AWS", t.Opp, null, null, t.Entity)
                : new Row(index, t.Type, "AWS", t.Opp, "Solutions", t.Entity))
            .ToList();

        // Needed = valid keys whose last desired state differs from the seeded state.
        var seededSet = seeded.ToHashSet();
        var desired = new Dictionary<(string, string), bool>();
        var inactiveSet = inactiveSolutions.ToHashSet();
        var reviewSet = underReview.Select(r => r.Solution).ToHashSet();
        foreach (var row in rows.Where(r => r.AssigneeEmail is null && !inactiveSet.Contains(r.EntityId!) && !reviewSet.Contains(r.EntityId!)
                                            && RequestValidator.Validate(new AssociateOpportunityRequest(r.Catalog, r.OpportunityId, r.EntityType!, r.EntityId!)).Count == 0))
        {
            desired[(row.OpportunityId, row.EntityId!)] = row.ChangeType == "associate";
        }

        var neededCount = desired.Count(d => d.Value != seededSet.Contains(d.Key));
        if (neededCount != neededFinals)
        {
            throw new InvalidOperationException($"workload generator: {neededCount} needed, expected {neededFinals}");
        }

        return new Workload(rows, seeded, neededCount, desired, inactiveSolutions, underReview);
    }

    private static async Task<EmulatorServer> StartEmulatorAsync(Workload workload)
    {
        // The account's solutions as ListSolutions lists them: every well-formed one the rows name, Active, and the
        // inactive ones.
        var listed = new Dictionary<string, string?>();
        var index = 0;
        foreach (var solution in workload.Desired.Keys.Select(k => k.Solution).Concat(workload.Seeded.Select(k => k.Solution))
                     .Concat(workload.UnderReview.Select(r => r.Solution)).Distinct())
        {
            listed[$"Emulator:Solutions:{index++}:Id"] = solution;
        }

        foreach (var solution in workload.InactiveSolutions)
        {
            listed[$"Emulator:Solutions:{index}:Id"] = solution;
            listed[$"Emulator:Solutions:{index++}:Status"] = "Inactive";
        }

        var emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?>(listed)
        {
            ["Emulator:Quotas:WritesPerSecond"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulator:Quotas:WritesPer24Hours"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulator:Quotas:ReadsPerSecond"] = "50",
            ["Emulator:CallLogCapacity"] = "1000000",
            ["Emulator:UnknownAssignees:0"] = DepartedAssignee,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        emulator.Seed(workload.Seeded.GroupBy(s => s.Opportunity).Select(g => new SeedOpportunity
        {
            Catalog = "AWS",
            Id = g.Key,
            RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = g.Select(s => s.Solution).ToList() },
        }).ToArray());
        emulator.Seed(workload.UnderReview.Select(r => r.Opportunity).Distinct().Select(o => new SeedOpportunity { Catalog = "AWS", Id = o, ReviewStatus = "In review" }).ToArray());
        return emulator;
    }

    private static bool StateMatches(EmulatorServer emulator, Workload workload) =>
        workload.Desired.All(d =>
            (emulator.State.Find("AWS", d.Key.Opportunity)?.RelatedEntityIdentifiers.Solutions.Contains(d.Key.Solution) ?? false) == d.Value);

    private static async Task SeedLedgerAsync(string connectionString, Workload workload)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("""
            insert into connector.ledger_associations (catalog, opportunity_id, entity_type, entity_id, associated, learned_at, learned_from)
            select 'AWS', o, 'Solutions', s, true, now(), 'read' from unnest(@opps, @sols) as t (o, s)
            """, new { opps = workload.Seeded.Select(s => s.Opportunity).ToArray(), sols = workload.Seeded.Select(s => s.Solution).ToArray() });
    }

    /// <summary>COPY the rows into the staging table in time order (changed_at one millisecond apart).</summary>
    public static async Task StageAsync(string connectionString, IReadOnlyList<Row> rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var start = DateTime.UtcNow.AddHours(-1);
        await using (var import = await connection.BeginBinaryImportAsync(
            "copy connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, changed_at, assignee_email, assignee_first_name, assignee_last_name, assignee_business_title) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await import.StartRowAsync();
                await import.WriteAsync(row.ChangeType, NpgsqlDbType.Text);
                await import.WriteAsync(row.Catalog, NpgsqlDbType.Text);
                await import.WriteAsync(row.OpportunityId, NpgsqlDbType.Text);
                await import.WriteAsync(row.EntityType, NpgsqlDbType.Text);
                await import.WriteAsync(row.EntityId, NpgsqlDbType.Text);
                await import.WriteAsync(start.AddMilliseconds(row.Seq), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(row.AssigneeEmail, NpgsqlDbType.Text);
                await import.WriteAsync(row.AssigneeEmail is null ? null : "Dana", NpgsqlDbType.Text);
                await import.WriteAsync(row.AssigneeEmail is null ? null : "Reyes", NpgsqlDbType.Text);
                await import.WriteAsync(row.AssigneeEmail is null ? null : "PartnerAccountManager", NpgsqlDbType.Text);
            }

            await import.CompleteAsync();
        }

        await connection.ExecuteAsync("analyze connector.crm_changes");
    }

    /// <summary>Runs bench/naive/naive.mjs over the rows (exported to JSON); null when Node is not available.
    /// Returns its run time in seconds.</summary>
    private static async Task<double?> RunNaiveAsync(Uri endpoint, Workload workload)
    {
        var folder = RepoPaths.NaiveFolder;
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            Console.Error.WriteLine("bench/naive: node_modules missing, running npm ci");
            try
            {
                var (code, output) = await RunAsync("npm", folder, null, "ci", "--no-audit", "--no-fund");
                if (code != 0)
                {
                    Console.Error.WriteLine("npm ci failed: " + output);
                    return null;
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Console.Error.WriteLine("npm not available: " + e.Message);
                return null;
            }
        }

        var rowsFile = Path.Combine(Path.GetTempPath(), $"bench-naive-rows-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(rowsFile, JsonSerializer.Serialize(workload.Rows.Select(r => new
        {
            changeType = r.ChangeType,
            catalog = r.Catalog,
            opportunityId = r.OpportunityId,
            entityType = r.EntityType,
            entityId = r.EntityId,
            assigneeEmail = r.AssigneeEmail,
        })));
        try
        {
            var watch = Stopwatch.StartNew();
            var (code, output) = await RunAsync("node", folder, new Dictionary<string, string>
            {
                ["EMULATOR_ENDPOINT"] = endpoint.ToString(),
                ["WRITES_PER_SECOND"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AWS_ACCESS_KEY_ID"] = ExampleCredentials.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = ExampleCredentials.SecretKey,
                ["AWS_REGION"] = "us-east-1",
            }, "naive.mjs", rowsFile);
            Console.Error.WriteLine("naive: " + output.Trim());
            return code == 0 ? watch.Elapsed.TotalSeconds : throw new InvalidOperationException("naive baseline failed: " + output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine("node not available: " + e.Message);
            return null;
        }
        finally
        {
            File.Delete(rowsFile);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string folder, IDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
