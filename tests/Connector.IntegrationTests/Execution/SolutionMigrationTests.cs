using Connector.Changes;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.PartnerCentral;
using Connector.Sources;
using Connector.Sync;
using Dapper;
using Npgsql;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Execution;

/// <summary>migrate-solutions: a map stages, for every opportunity the ledger shows with a mapped legacy solution, the
/// attach of the Marketplace solution and then the detach of the legacy one, through the normal plan; the detach is
/// never sent unless the attach succeeded.</summary>
public sealed class SolutionMigrationTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Arn = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-a1";
    private const string OtherArn = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-b2";
    private readonly StagingTable staging = new(database.ConnectionString);
    private readonly string folder = Directory.CreateTempSubdirectory("migrate-").FullName;

    public Task InitializeAsync() => staging.ResetAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Map_StagesAttachThenDetach_PerOpportunity_AndSendsTheAttachFirst()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        // O8001 has S-1000001; O8002 has both mapped solutions, which share a replacement; O8003 has an unmapped one.
        Seed(harness, "O8001", "S-1000001");
        Seed(harness, "O8002", "S-1000001", "S-1000002");
        Seed(harness, "O8003", "S-1000009");
        foreach (var (opportunity, solution) in new[] { ("O8001", "S-1000001"), ("O8002", "S-1000001"), ("O8002", "S-1000002"), ("O8003", "S-1000009") })
        {
            await staging.LedgerAssociationAsync(opportunity, "Solutions", solution, associated: true);
        }

        var result = await ImportMapAsync(harness, $"solution_id,marketplace_solution_arn\nS-1000001,{Arn}\nS-1000002,{Arn}\nS-1000003,{OtherArn}\n");

        Assert.Equal((ImportOutcome.Accepted, CsvKind.SolutionMap, 3, 0), (result.Outcome, result.Kind, result.RowsAccepted, result.RowsRejected));
        Assert.Equal(new Connector.Solutions.MigrationStaged(Attaches: 2, Detaches: 3, Opportunities: 2), result.Migration);
        Assert.Contains("3 legacy solution(s) on 2 opportunities in the ledger: 2 associate(s) of the Marketplace solution and 3 disassociate(s) of the legacy one staged", result.Message);

        var plan = await harness.PlanAsync();
        Assert.Equal(5, plan.Queued);
        var drainer = harness.Get<QueueDrainer>();
        await Task.WhenAll(drainer.DrainAsync(0, CancellationToken.None), drainer.DrainAsync(1, CancellationToken.None));

        var writes = harness.Writes();
        Assert.Equal(5, writes.Count);
        foreach (var opportunity in new[] { "O8001", "O8002" })
        {
            var attach = writes.ToList().IndexOf($"AssociateOpportunity {opportunity} {Arn}");
            Assert.True(attach >= 0, string.Join("\n", writes));
            Assert.All(writes.Select((w, i) => (w, i)).Where(x => x.w.StartsWith($"DisassociateOpportunity {opportunity} ", StringComparison.Ordinal)),
                x => Assert.True(x.i > attach, string.Join("\n", writes)));
        }

        Assert.DoesNotContain(writes, w => w.Contains("O8003", StringComparison.Ordinal));
        var opportunity8002 = harness.Emulator.State.Find("AWS", "O8002")!;
        Assert.Equal([Arn], opportunity8002.RelatedEntityIdentifiers.AwsMarketplaceSolutions);
        Assert.Empty(opportunity8002.RelatedEntityIdentifiers.Solutions);
        Assert.All(await StatusesAsync(result.ImportId!.Value), s => Assert.Equal(ChangeStatus.Synced, s));
    }

    [Fact]
    public async Task Detach_IsNotSent_WhenTheAttachIsRejected_AndTheLegacySolutionStays()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        Seed(harness, "O8011", "S-1000001");
        await staging.LedgerAssociationAsync("O8011", "Solutions", "S-1000001", associated: true);
        // The opportunity is at its cap of 10 Marketplace solutions: the attach is rejected before any call.
        for (var i = 0; i < 10; i++)
        {
            await staging.LedgerAssociationAsync("O8011", "AwsMarketplaceSolutions", $"arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-x{i}", associated: true);
        }

        var result = await ImportMapAsync(harness, $"solution_id,marketplace_solution_arn\nS-1000001,{Arn}\n");
        await harness.PlanAsync();
        await harness.DrainAsync();

        Assert.Empty(harness.Writes());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var rows = (await connection.QueryAsync<(string ChangeType, string Status, string? ErrorType, string? Detail)>(
            "select change_type, status, error_type, status_detail from connector.crm_changes where import_id = @id order by id", new { id = result.ImportId })).ToList();
        Assert.Equal(("associate", "rejected", "TOO_MANY_VALUES"), (rows[0].ChangeType, rows[0].Status, rows[0].ErrorType));
        Assert.Equal(("disassociate", "failed", ChangeSender.ReplacementNotAttached), (rows[1].ChangeType, rows[1].Status, rows[1].ErrorType));
        Assert.Contains($"which attaches {Arn} first, is rejected; the legacy solution stays", rows[1].Detail);
        Assert.Empty(await staging.QueueAsync());
    }

    [Fact]
    public async Task Detach_WaitsWhileTheAttachIsRetried_ThenGoes()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        Seed(harness, "O8021", "S-1000001");
        await staging.LedgerAssociationAsync("O8021", "Solutions", "S-1000001", associated: true);
        var result = await ImportMapAsync(harness, $"solution_id,marketplace_solution_arn\nS-1000001,{Arn}\n");
        await harness.PlanAsync();
        // The attach meets a transient error: queued again for later, the detach must not overtake it.
        await staging.ExecuteAsync("update connector.send_queue set not_before = now() + interval '2 seconds' where operation = 'AssociateOpportunity'");

        Assert.Equal(SendOutcome.NoWork, await harness.Get<ChangeSender>().SendNextAsync(CancellationToken.None));
        Assert.Empty(harness.Writes());

        await harness.DrainAsync();
        Assert.Equal([$"AssociateOpportunity O8021 {Arn}", "DisassociateOpportunity O8021 S-1000001"], harness.Writes());
        Assert.All(await StatusesAsync(result.ImportId!.Value), s => Assert.Equal(ChangeStatus.Synced, s));
    }

    [Fact]
    public async Task DryRun_StagesNothing_AndOtherKindsAreRefusedAsAWhole()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        await staging.LedgerAssociationAsync("O8031", "Solutions", "S-1000001", associated: true);
        var path = Path.Combine(folder, "map.csv");
        await File.WriteAllTextAsync(path, $"solution_id,marketplace_solution_arn\nS-1000001,{Arn}\n");

        var dry = await harness.Get<CsvImporter>().ImportFileAsync(path, new ImportRequest(true, ImportChannel.Cli, "tester", null, RequiredKind: CsvKind.SolutionMap), CancellationToken.None);
        Assert.Equal(new Connector.Solutions.MigrationStaged(1, 1, 1), dry.Migration);
        Assert.Contains("would be staged", dry.Message);

        var changes = Path.Combine(folder, "changes.csv");
        await File.WriteAllTextAsync(changes, "opportunity_id,entity_type,entity_id\nO8031,solution,S-1000001\n");
        var refused = await harness.Get<CsvImporter>().ImportFileAsync(changes, new ImportRequest(false, ImportChannel.Cli, "tester", null, RequiredKind: CsvKind.SolutionMap), CancellationToken.None);
        Assert.Equal((ImportOutcome.RejectedWhole, 2), (refused.Outcome, refused.ExitCode));
        Assert.Contains("migrate-solutions takes a map with the columns solution_id, marketplace_solution_arn", refused.Message);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from connector.crm_changes"));
    }

    private static void Seed(ConnectorHarness harness, string opportunity, params string[] solutions) =>
        harness.Emulator.Seed(new SeedOpportunity { Id = opportunity, RelatedEntityIdentifiers = new RelatedEntityIdentifiers { Solutions = solutions } });

    private async Task<ImportResult> ImportMapAsync(ConnectorHarness harness, string content)
    {
        var path = Path.Combine(folder, $"map-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, content);
        return await harness.Get<CsvImporter>().ImportFileAsync(path, new ImportRequest(false, ImportChannel.Cli, "tester", null, RequiredKind: CsvKind.SolutionMap), CancellationToken.None);
    }

    private async Task<IReadOnlyList<string>> StatusesAsync(long importId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return (await connection.QueryAsync<string>("select status from connector.crm_changes where import_id = @importId order by id", new { importId })).ToList();
    }
}
