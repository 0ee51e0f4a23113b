using Connector.PartnerCentral;
using Dapper;
using Npgsql;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Reliability;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>One staged change and the status it must end in.</summary>
internal sealed record WorkloadChange(long Id, string ChangeType, string OpportunityId, string? EntityType, string? EntityId, string Expected)
{
    /// <summary>The emulator call log's key for this change's write.</summary>
    public string Operation => ChangeType switch
    {
        "associate" => "AssociateOpportunity",
        "disassociate" => "DisassociateOpportunity",
        _ => "AssignOpportunity",
    };
}

/// <summary>An assorted batch of CRM changes, staged in <c>connector.crm_changes</c> as a CRM would, with the
/// emulator prepared so that each change has one right final status: new associations and assignments are synced,
/// disassociations of associated entities are synced (after a read, the ledger knowing nothing), disassociations of
/// entities never associated are unchanged (the read shows it), and associations to missing opportunities fail.</summary>
internal sealed class Workload
{
    private Workload(IReadOnlyList<WorkloadChange> changes, IReadOnlyList<string> missing)
    {
        Changes = changes;
        MissingOpportunities = missing;
    }

    public IReadOnlyList<WorkloadChange> Changes { get; }

    /// <summary>Opportunity ids the emulator must answer ResourceNotFound for (<c>Emulator:Opportunities:Missing</c>).</summary>
    public IReadOnlyList<string> MissingOpportunities { get; }

    /// <summary>Writes a change-free run needs: one per change that is not settled by a read alone.</summary>
    public int WritesNeeded => Changes.Count(c => c.Expected != "unchanged");

    /// <summary>Reads a change-free run needs: one per disassociation (the ledger does not know the entity).</summary>
    public int ReadsNeeded => Changes.Count(c => c.ChangeType == "disassociate");

    public static Dictionary<string, string?> EmulatorSettings(IEnumerable<string> missing, int writesPerSecond, int readsPerSecond = 10)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = writesPerSecond.ToString(),
            ["Emulator:Quotas:ReadsPerSecond"] = readsPerSecond.ToString(),
            ["Emulator:Quotas:ToleranceMilliseconds"] = "0",
            // The call log says it all; per-request logs would bury the figures in the test output.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var i = 0;
        foreach (var id in missing)
        {
            settings[$"Emulator:Opportunities:Missing:{i++}"] = id;
        }

        return settings;
    }

    /// <summary>The ids <see cref="StageAsync"/> will make missing, for starting the emulator first.</summary>
    public static IEnumerable<string> MissingIds(int failing) => Enumerable.Range(0, failing).Select(i => "O" + (9_000_000 + i));

    /// <summary>Stages <paramref name="associates"/> associations (3 solutions per opportunity), <paramref name="assigns"/>
    /// assignments (with email and phone), <paramref name="disassociateAssociated"/> + <paramref name="disassociateAbsent"/>
    /// disassociations and <paramref name="failing"/> associations to missing opportunities, interleaved.</summary>
    public static async Task<Workload> StageAsync(string connectionString, EmulatorServer emulator, int associates, int assigns = 0,
        int disassociateAssociated = 0, int disassociateAbsent = 0, int failing = 0)
    {
        var rows = new List<(string Type, string Opp, string? EntityType, string? EntityId, string? Email, string? Phone, string Expected)>();
        for (var i = 0; i < associates; i++)
        {
            rows.Add(("associate", "O" + (1_000_000 + i / 3), RelatedEntityType.Solutions, "S-" + (100_000 + i), null, null, "synced"));
        }

        for (var i = 0; i < assigns; i++)
        {
            rows.Add(("assign", "O" + (2_000_000 + i), null, null, $"owner{i}@example.com", "+1415555" + (1000 + i), "synced"));
        }

        var seeded = new Dictionary<string, List<string>>();
        for (var i = 0; i < disassociateAssociated; i++)
        {
            var opp = "O" + (3_000_000 + i / 3);
            var solution = "S-" + (300_000 + i);
            (seeded.TryGetValue(opp, out var list) ? list : seeded[opp] = []).Add(solution);
            rows.Add(("disassociate", opp, RelatedEntityType.Solutions, solution, null, null, "synced"));
        }

        for (var i = 0; i < disassociateAbsent; i++)
        {
            rows.Add(("disassociate", "O" + (4_000_000 + i / 3), RelatedEntityType.Solutions, "S-" + (400_000 + i), null, null, "unchanged"));
        }

        var missing = MissingIds(failing).ToList();
        foreach (var id in missing)
        {
            rows.Add(("associate", id, RelatedEntityType.Solutions, "S-900000", null, null, "failed"));
        }

        emulator.Seed(seeded.Select(s => new SeedOpportunity
        {
            Catalog = "AWS",
            Id = s.Key,
            RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = s.Value },
        }).ToArray());

        // A fixed interleaving (no two kinds bunched), the same every run.
        var shuffled = rows.OrderBy(r => StableHash(r.Opp + r.EntityId + r.Email)).ToList();
        var changes = new List<WorkloadChange>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var r in shuffled)
        {
            var id = await connection.ExecuteScalarAsync<long>(
                """
                insert into connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, assignee_email,
                                                   assignee_first_name, assignee_last_name, assignee_business_title, assignee_phone)
                values (@Type, 'AWS', @Opp, @EntityType, @EntityId, @Email,
                        case when @Email is null then null else 'Ana' end, case when @Email is null then null else 'Lima' end,
                        case when @Email is null then null else 'PartnerAccountManager' end, @Phone)
                returning id
                """,
                new { r.Type, r.Opp, r.EntityType, r.EntityId, r.Email, r.Phone });
            changes.Add(new WorkloadChange(id, r.Type, r.Opp, r.EntityType, r.EntityId, r.Expected));
        }

        return new Workload(changes, missing);
    }

    /// <summary>Each staged row's status now.</summary>
    public static async Task<Dictionary<long, (string Status, string? Detail)>> StatusesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync<(long Id, string Status, string? Detail)>("select id, status, status_detail from connector.crm_changes");
        return rows.ToDictionary(r => r.Id, r => (r.Status, r.Detail));
    }

    /// <summary>The changes whose status is not the expected one, described for an assertion message.</summary>
    public async Task<List<string>> WrongStatusesAsync(string connectionString)
    {
        var statuses = await StatusesAsync(connectionString);
        return Changes
            .Where(c => statuses[c.Id].Status != c.Expected)
            .Select(c => $"change {c.Id} {c.ChangeType} {c.OpportunityId} {c.EntityId}: expected {c.Expected}, is {statuses[c.Id].Status} ({statuses[c.Id].Detail})")
            .ToList();
    }

    public static async Task<int> OpenCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<int>("select count(*)::int from connector.crm_changes where status in ('pending', 'deferred')");
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
