using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Cli;

/// <summary><c>connector solutions</c> through the real executable: the account's solutions are listed on demand and
/// shown with their status, inactive ones first.</summary>
public sealed class SolutionsCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly StagingTable staging = new(database.ConnectionString);
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync()
    {
        await staging.ResetAsync();
        emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = "20",
            ["Emulator:Solutions:0:Id"] = "S-1000001",
            ["Emulator:Solutions:0:Name"] = "Analytics",
            ["Emulator:Solutions:1:Id"] = "S-1000002",
            ["Emulator:Solutions:1:Status"] = "Inactive",
        });
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Solutions_SaysNeverListed_ThenRefreshListsThem_AndTheListShowsInactiveFirst()
    {
        await staging.ExecuteAsync("truncate connector.solution_lists cascade");
        var (beforeExit, before) = await RunAsync("solutions");
        var (refreshExit, refresh) = await RunAsync("solutions", "refresh");
        var (listExit, list) = await RunAsync("solutions");

        Assert.True(beforeExit == 0, before);
        Assert.Contains("never listed", before);
        Assert.True(refreshExit == 0, refresh);
        Assert.Contains("AWS: 2 solution(s) listed.", refresh);
        Assert.True(listExit == 0, list);
        Assert.Contains("AWS: 2 solution(s), listed ", list);
        var inactive = list.IndexOf("S-1000002     Inactive", StringComparison.Ordinal);
        Assert.True(inactive >= 0, list);
        Assert.True(list.IndexOf("S-1000001     Active    Analytics", StringComparison.Ordinal) > inactive, list);
        Assert.Single(emulator.Calls, c => c.Operation == "ListSolutions");
    }

    [Theory]
    [InlineData("refresh", "now")]
    [InlineData("--catalog", "AWS")]
    public async Task Solutions_Exits2WithOneLine_WhenTheArgumentsAreBad(params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(["solutions", .. arguments]);

        Assert.True(exitCode == 2, output);
        Assert.StartsWith("connector: ", output.TrimStart());
        Assert.DoesNotContain("   at ", output);
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress), Limit, arguments);
}
