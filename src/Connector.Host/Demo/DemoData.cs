using Connector.Changes;
using Connector.Sources;

namespace Connector.Host.Demo;

/// <summary>Sample CRM changes as a CRM's export job would write them: duplicates, a superseded assignment, an
/// associate/disassociate flip-flop, a no-op against what Partner Central already has, a bad row, an opportunity
/// Partner Central does not know yet, one under AWS review, and an assignee who is not a user of the account.</summary>
public static class DemoData
{
    public const string MissingOpportunity = "O100099";

    public const string ThrottledOpportunity = "O100003";

    /// <summary>The change that fails for good: the demo's emulator refuses this solution on this opportunity as a
    /// business validation error (it may become a real inactive solution once the emulator models solutions' states).</summary>
    public const string RefusedOpportunity = "O100008";

    public const string RefusedSolution = "S-1000081";

    /// <summary>Under AWS review in the demo's emulator: its change waits, deferred, instead of failing.</summary>
    public const string ReviewedOpportunity = "O100011";

    /// <summary>Not a user of the account in the demo's emulator: one write meets it, the other change naming it is
    /// rejected without one.</summary>
    public const string UnknownAssignee = "pat.jones@example.com";

    /// <summary>The legacy solution the demo replaces with a Marketplace one after the sync (migrate-solutions).</summary>
    public const string MigratedSolution = "S-1000011";

    public const string MigrationMap =
        "solution_id,marketplace_solution_arn\nS-1000011,arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-demo1\n";

    private static readonly Row[] Rows =
    [
        new(ChangeType.Associate, "O100001", "Solutions", "S-1000011"),
        new(ChangeType.Associate, "O100001", "Solutions", "S-1000011"),
        new(ChangeType.Associate, "O100001", "AwsProducts", "AmazonEC2Graviton"),
        new(ChangeType.Assign, "O100001", Email: "maria.garcia@example.com", First: "Maria", Last: "Garcia"),
        new(ChangeType.Assign, "O100001", Email: "Joao.Silva@Example.com ", First: "João", Last: "Silva", Phone: "+351912345678"),
        new(ChangeType.Associate, "O100002", "AwsProducts", "AWSAmplify"),
        new(ChangeType.Disassociate, "O100002", "AwsProducts", "AWSAmplify"),
        new(ChangeType.Associate, "O100002", "AwsProducts", "AWSBackup"),
        new(ChangeType.Assign, "O100002", Email: "li.wei@example.com", First: "Li", Last: "Wei"),
        new(ChangeType.Associate, "O100004", "Solutions", "S-1000041"),
        new(ChangeType.Associate, "O100005", "AwsProducts", "AWSCloudFormation"),
        new(ChangeType.Assign, "O100005", Email: "ana.lima@example.com", First: "Ana", Last: "Lima"),
        new(ChangeType.Associate, "O100006", "Solutions", "S-1000061"),
        new(ChangeType.Associate, "O100006", "AwsProducts", "AWSBatch"),
        new(ChangeType.Associate, "O100007", "Solutions", "Solution-7"),
        new(ChangeType.Associate, MissingOpportunity, "Solutions", "S-1000991"),
        new(ChangeType.Associate, RefusedOpportunity, "Solutions", RefusedSolution),
        new(ChangeType.Associate, "O100010", "AwsMarketplaceOfferSets", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-demo10"),
        new(ChangeType.Assign, "O100010", Email: "sam.taylor@example.com", First: "Sam", Last: "Taylor", Title: "OpportunityOwner"),
        new(ChangeType.Associate, ReviewedOpportunity, "Solutions", "S-1000111"),
        new(ChangeType.Assign, "O100012", Email: UnknownAssignee, First: "Pat", Last: "Jones"),
        new(ChangeType.Assign, "O100013", Email: UnknownAssignee, First: "Pat", Last: "Jones"),
    ];

    /// <summary>The sample rows, later rows being later changes (a few minutes before <paramref name="now"/>).</summary>
    public static IReadOnlyList<CrmExportRow> Changes(DateTimeOffset now) => Rows
        .Select((r, i) => new CrmExportRow(
            r.ChangeType,
            "AWS",
            r.Opportunity,
            now.AddMinutes(-(Rows.Length - i + 5)),
            r.EntityType,
            r.EntityId,
            r.Email,
            r.First,
            r.Last,
            r.ChangeType == ChangeType.Assign ? r.Title : null,
            r.Phone))
        .ToList();

    private sealed record Row(
        string ChangeType,
        string Opportunity,
        string? EntityType = null,
        string? EntityId = null,
        string? Email = null,
        string? First = null,
        string? Last = null,
        string Title = "PartnerAccountManager",
        string? Phone = null);
}
