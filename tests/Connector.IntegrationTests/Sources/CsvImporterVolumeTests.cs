using System.Diagnostics;
using System.Text;
using Connector.IntegrationTests.Infrastructure;
using Connector.Sources;
using Dapper;

namespace Connector.IntegrationTests.Sources;

#pragma warning disable DAP005 // plain Dapper in tests

public sealed class CsvImporterVolumeTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private SourcesHarness _h = null!;

    public async Task InitializeAsync() => _h = await SourcesHarness.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ImportFileAsync_StagesAllRows_WhenFileHasOneMillionRows()
    {
        const int rows = 1_000_000;
        var path = WriteGenerated("million.csv", rows, badEvery: 0);
        var watch = Stopwatch.StartNew();

        var result = await _h.ImportAsync(path);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(rows, result.RowsAccepted);
        await using var connection = await _h.DataSource.OpenConnectionAsync();
        var staged = await connection.QuerySingleAsync<(long Count, int MinLine, int MaxLine, long Distinct)>(
            "select count(*), min(source_line), max(source_line), count(distinct source_line) from connector.crm_changes where import_id = @Id",
            new { Id = result.ImportId });
        Assert.Equal((rows, 2, rows + 1, rows), staged);
        // Ids follow file order, which is what lets later rows of a file win.
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("""
            select count(*) from (select source_line, lag(source_line) over (order by id) as previous from connector.crm_changes) ordered
            where previous >= source_line
            """));
        Console.WriteLine($"1,000,000 rows staged in {watch.Elapsed}; file {new FileInfo(path).Length / 1048576} MB; peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB; heap now {GC.GetTotalMemory(true) / 1048576} MB");
    }

    [Fact]
    public async Task ImportFileAsync_StagesNothing_WhenCancelledMidCopy()
    {
        var path = WriteGenerated("cancel.csv", 400_000, badEvery: 1000);
        using var cancel = new CancellationTokenSource();

        var import = _h.Importer.ImportFileAsync(path, SourcesHarness.Cli, cancel.Token);
        await WaitUntilCopyIsUnderwayAsync(import);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import);
        Assert.Equal(0, await _h.CountAsync("crm_changes"));
        Assert.Equal(0, await _h.CountAsync("imports"));
        // The file is still importable afterwards: nothing claimed its hash.
        var again = await _h.ImportAsync(path);
        Assert.Equal(400_000 - 400, again.RowsAccepted);
    }

    /// <summary>Waits until PostgreSQL itself reports COPY rows received for this database, so the cancel lands
    /// mid-COPY and not before the transaction started.</summary>
    private async Task WaitUntilCopyIsUnderwayAsync(Task import)
    {
        await using var connection = await _h.DataSource.OpenConnectionAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !import.IsCompleted)
        {
            var copied = await connection.ExecuteScalarAsync<long?>(
                "select max(tuples_processed) from pg_stat_progress_copy where datname = current_database()");
            if (copied > 1000)
            {
                return;
            }

            await Task.Delay(5);
        }

        Assert.Fail("The COPY was never seen in progress; the import finished (or hung) first.");
    }

    private string WriteGenerated(string name, int rows, int badEvery)
    {
        var path = Path.Combine(_h.Folder, name);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("opportunity_id,entity_type,entity_id,action\r\n");
        for (var i = 1; i <= rows; i++)
        {
            var entity = (i % 3) switch
            {
                0 => "solution,S-" + i,
                1 => "aws product,AmazonEC2AutoScaling",
                _ => "Marketplace Offer,arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-" + i,
            };
            var opportunity = badEvery > 0 && i % badEvery == 0 ? "bad" : "O" + (1_000_000 + (i % 50_000));
            writer.Write($"{opportunity},{entity},{(i % 7 == 0 ? "disassociate" : "")}\r\n");
        }

        return path;
    }
}
