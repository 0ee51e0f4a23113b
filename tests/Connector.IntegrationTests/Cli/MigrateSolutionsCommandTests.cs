using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Cli;

/// <summary><c>connector migrate-solutions</c> through the real executable: the exit codes of <c>import</c>, a dry run
/// that previews the plan and stages nothing, and a refusal of every other kind of file.</summary>
public sealed class MigrateSolutionsCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Arn = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-a1";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly StagingTable staging = new(database.ConnectionString);
    private readonly string folder = Directory.CreateTempSubdirectory("connector-migrate-").FullName;
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync()
    {
        await staging.ResetAsync();
        emulator = await EmulatorServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task MigrateSolutions_DryRunPreviewsThePairs_ThenStagesThem()
    {
        await staging.LedgerAssociationAsync("O8901", "Solutions", "S-1000001", associated: true);
        var map = await WriteAsync("map.csv", $"solution_id,marketplace_solution_arn\nS-1000001,{Arn}\n");

        var (dryExit, dry) = await RunAsync("migrate-solutions", map, "--dry-run");
        Assert.True(dryExit == 0, dry);
        Assert.Contains("1 legacy solution(s) on 1 opportunity in the ledger: 1 associate(s) of the Marketplace solution and 1 disassociate(s) of the legacy one would be staged", dry);
        Assert.Contains("AssociateOpportunity", dry);
        Assert.Contains("DisassociateOpportunity", dry);
        Assert.Equal(0, await CountAsync());

        var (exit, output) = await RunAsync("migrate-solutions", map);
        Assert.True(exit == 0, output);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task MigrateSolutions_Exits1ForBadRows_And2ForAFileOfChanges()
    {
        var partly = await WriteAsync("partly.csv", $"solution_id,marketplace_solution_arn\nS-1000001,{Arn}\nsolution-2,{Arn}\n");
        var changes = await WriteAsync("changes.csv", "opportunity_id,entity_type,entity_id\nO8902,solution,S-1000001\n");

        var (partlyExit, partlyOutput) = await RunAsync("migrate-solutions", partly);
        var (changesExit, changesOutput) = await RunAsync("migrate-solutions", changes);

        Assert.True(partlyExit == 1, partlyOutput);
        Assert.Contains("line 3: solution_id: solution_id must be a legacy partner solution id like S-1234567", partlyOutput);
        Assert.True(changesExit == 2, changesOutput);
        Assert.Contains("This is an associations file; migrate-solutions takes a map", changesOutput);
        Assert.DoesNotContain("   at ", changesOutput);
        Assert.Equal(0, await CountAsync());
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from connector.crm_changes", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress), Limit, arguments);
}
