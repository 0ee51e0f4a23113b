using System.Text.Json;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;

namespace Connector.IntegrationTests.Cli;

/// <summary>The contract's verbs through the real executable against the emulator: output and exit codes.</summary>
public sealed class CommandLineTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly StagingTable staging = new(database.ConnectionString);
    private readonly string folder = Directory.CreateTempSubdirectory("connector-cli-").FullName;
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync()
    {
        emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:Quotas:WritesPerSecond"] = "20" });
        await staging.ExecuteAsync(
            """
            truncate connector.crm_changes, connector.send_queue, connector.attempts, connector.ledger_associations,
                     connector.ledger_opportunities, connector.sync_runs, connector.imports cascade;
            update connector.pace set paused_reason = null;
            """);
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Sync_Exits0AndSummarises_WhenEveryChangeSucceeds()
    {
        await staging.AssociateAsync("O8001", "Solutions", "S-1");
        await staging.AssociateAsync("O8001", "Solutions", "S-1");
        await staging.AssignAsync("O8002", "owner@example.com", phone: "+14155550100");

        var (exitCode, output) = await RunAsync("sync");

        Assert.True(exitCode == 0, output);
        Assert.Contains("2 synced, 0 unchanged, 1 superseded, 0 rejected, 0 failed", output);
        Assert.Equal(2, emulator.Calls.Count(c => c.HttpStatus == 200));
    }

    [Fact]
    public async Task Sync_Exits1_WhenAChangeFailsOrIsRejected()
    {
        emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O8101", Error = FaultKind.Validation }] });
        await staging.AssociateAsync("O8101", "Solutions", "S-1");
        await staging.AssociateAsync("O8102", "AwsProducts", "NotAProduct");

        var (exitCode, output) = await RunAsync("sync");

        Assert.True(exitCode == 1, output);
        Assert.Contains("1 rejected, 1 failed", output);
    }

    [Fact]
    public async Task SyncDryRun_PrintsEveryCallAndWhy_AndCallsNothing()
    {
        var id = await staging.AssociateAsync("O8201", "AwsProducts", "AWSLambda");
        await staging.AssociateAsync("O8202", "AwsProducts", "NotAProduct");

        var (exitCode, output) = await RunAsync("sync", "--dry-run");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"#{id}", output);
        Assert.Contains("AssociateOpportunity", output);
        Assert.Contains("not yet known to the connector (never sent or read): sent as asked", output);
        Assert.DoesNotContain("ledger: unknown", output);
        Assert.Contains("rejected, no call: entity_id", output);
        Assert.Contains("Nothing was sent", output);
        Assert.Empty(emulator.Calls);
        Assert.Equal("pending", (await staging.StatusAsync(id)).Status);
    }

    [Fact]
    public async Task Import_ReturnsTheContractExitCodes_ForGoodMixedAndUnreadableFiles()
    {
        var good = Write("good.csv", "opportunity_id,entity_type,entity_id\nO8301,solution,S-1\n");
        var mixed = Write("mixed.csv", "Opportunity ID,Entity Type,Entity ID\nO8302,aws product,AWSLambda\nO8303,aws product,NotAProduct\n");
        var binary = Path.Combine(folder, "binary.csv");
        await File.WriteAllBytesAsync(binary, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF]);

        var (goodCode, goodOutput) = await RunAsync("import", good);
        var (mixedCode, mixedOutput) = await RunAsync("import", mixed);
        var (binaryCode, binaryOutput) = await RunAsync("import", binary);

        Assert.True(goodCode == 0, goodOutput);
        Assert.True(mixedCode == 1, mixedOutput);
        Assert.Contains("line 3", mixedOutput);
        Assert.Contains("row-error report", mixedOutput);
        Assert.True(binaryCode == 2, binaryOutput);
        Assert.DoesNotContain("   at ", goodOutput + mixedOutput + binaryOutput);
    }

    [Fact]
    public async Task ImportDryRun_PreviewsThePlanAndStagesNothing()
    {
        var file = Write("preview.csv", "opportunity_id,entity_type,entity_id\nO8401,solution,S-1\nO8401,solution,S-1\n");

        var (exitCode, output) = await RunAsync("import", file, "--dry-run");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Effect on Partner Central", output);
        Assert.Contains("1 superseded", output);
        Assert.Equal(0, await CountAsync("select count(*) from connector.crm_changes"));
    }

    [Fact]
    public async Task StatusJsonAndRetry_ReportTheBacklogAndRequeueFailures()
    {
        emulator.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O8501", Error = FaultKind.Validation, Times = 1 }] });
        var id = await staging.AssociateAsync("O8501", "Solutions", "S-1");
        await RunAsync("sync");

        var (statusCode, json) = await RunAsync("status", "--json");
        var (retryCode, retryOutput) = await RunAsync("retry", "--id", id.ToString());
        var (syncCode, _) = await RunAsync("sync");

        Assert.Equal(0, statusCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(1, document.RootElement.GetProperty("failed").GetInt64());
        Assert.Equal("ValidationException", document.RootElement.GetProperty("failures")[0].GetProperty("errorType").GetString());
        Assert.True(document.RootElement.GetProperty("writesUsedLast24Hours").GetInt32() >= 1);
        Assert.Equal(0, retryCode);
        Assert.Contains("Requeued 1 failed change", retryOutput);
        Assert.Equal(0, syncCode);
        Assert.Equal("synced", (await staging.StatusAsync(id)).Status);
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress), Limit, arguments);

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
