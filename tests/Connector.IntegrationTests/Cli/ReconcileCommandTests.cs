using System.Text.Json;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Cli;

/// <summary><c>connector reconcile</c> and what <c>status</c> then says of the ledger, through the real executable.</summary>
public sealed class ReconcileCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly StagingTable staging = new(database.ConnectionString);
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync() =>
        emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["Emulator:Quotas:WritesPerSecond"] = "20" });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Reconcile_PrintsTheDrift_AndStatusCountsItWithTheLedgersFreshness()
    {
        await staging.LedgerAssociationAsync("O8901", "Solutions", "S-1", associated: true);
        emulator.Seed(new SeedOpportunity { Id = "O8901", RelatedEntityIdentifiers = new Connector.PartnerCentral.RelatedEntityIdentifiers() });

        var (dryExit, dry) = await RunAsync("reconcile", "--dry-run", "--opportunity", "O8901");
        var (exitCode, output) = await RunAsync("reconcile");
        var (statusExit, status) = await RunAsync("status", "--json");

        Assert.True(dryExit == 0, dry);
        Assert.Contains("Dry run: read 1 opportunity; 1 difference(s) from the ledger (nothing recorded)", dry);
        Assert.True(exitCode == 0, output);
        Assert.Contains("association-removed: Solutions S-1 — the ledger said associated, Partner Central has not associated", output);
        Assert.Contains("1 of 1 opportunities verified in the last 24 h", output);
        Assert.True(statusExit == 0, status);
        var document = JsonDocument.Parse(status[status.IndexOf('{')..]).RootElement;
        Assert.Equal(1, document.GetProperty("driftByKind").GetProperty("association-removed").GetInt32());
        Assert.Equal(1, document.GetProperty("ledgerVerifiedLast24Hours").GetInt32());
    }

    [Fact]
    public async Task Reconcile_Exits2WithOneLine_WhenAnOpportunityIdIsBad()
    {
        var (exitCode, output) = await RunAsync("reconcile", "--opportunity", "12345");

        Assert.True(exitCode == 2, output);
        Assert.Contains("connector: '12345' is not an opportunity id", output);
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress), Limit, arguments);
}
