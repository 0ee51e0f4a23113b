using Connector.IntegrationTests.Infrastructure;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Cli;

/// <summary>What <c>connector import</c> prints, as a sales-ops user reads it.</summary>
public sealed class ImportOutputTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("connector-import-out-").FullName;
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorServer.StartAsync();

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Import_SaysFileNotLineZero_WhenTheFileIsRejectedAsAWhole()
    {
        var path = Path.Combine(folder, "semicolons.csv");
        await File.WriteAllTextAsync(path, "opportunity_id;entity_type;entity_id\nO1;solution;S-1\n");

        var (exitCode, output) = await RunAsync("import", path);

        Assert.True(exitCode == 2, output);
        Assert.Contains("  file: The file looks ';'-separated", output);
        Assert.DoesNotContain("line 0", output);
    }

    [Fact]
    public async Task Import_CountsOneRowInTheSingular()
    {
        var path = Path.Combine(folder, "one.csv");
        await File.WriteAllTextAsync(path, "opportunity_id,entity_type,entity_id\nO8801,solution,S-1\n");

        var (exitCode, output) = await RunAsync("import", path);

        Assert.True(exitCode == 0, output);
        Assert.Contains("1 row accepted, 0 rejected", output);
    }

    [Fact]
    public async Task Import_KeepsTheReportBesideTheFile_AndACopyWhereTheDashboardLinksIt()
    {
        var path = Path.Combine(folder, "partly.csv");
        await File.WriteAllTextAsync(path, "opportunity_id,entity_type,entity_id\nO8802,solution,S-1\nO8803,solution,\n");
        var spool = Path.Combine(folder, "spool");
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress);
        environment["Dashboard__UploadFolder"] = spool;

        var (_, output) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(60), "import", path);

        var importId = System.Text.RegularExpressions.Regex.Match(output, @"Import #(\d+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(importId), output);
        var beside = await File.ReadAllTextAsync(path + ".errors.csv");
        Assert.Contains("3,entity_id,", beside);
        Assert.Equal(beside, await File.ReadAllTextAsync(Path.Combine(spool, "reports", $"import-{importId}.errors.csv")));
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress), TimeSpan.FromSeconds(60), arguments);
}
