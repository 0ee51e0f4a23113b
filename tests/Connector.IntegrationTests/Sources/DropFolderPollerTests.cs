using Connector.IntegrationTests.Infrastructure;
using Connector.Sources;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.IntegrationTests.Sources;

public sealed class DropFolderPollerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Header = "opportunity_id,entity_type,entity_id\n";

    private SourcesHarness _h = null!;

    private string Drop => _h.Options.CsvDropFolder;

    public async Task InitializeAsync()
    {
        _h = await SourcesHarness.StartAsync(database.ConnectionString);
        Directory.CreateDirectory(Drop);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task PollAsync_MovesFilesWithReports_WhenFilesAreAcceptedPartlyRejectedOrRejected()
    {
        DropFile("good.csv", Header + "O1,solution,S-1\n", ageSeconds: 30);
        DropFile("partly.csv", Header + "O2,solution,S-2\nO3,solution,nope\n", ageSeconds: 20);
        DropFile("semicolon.CSV", "opportunity_id;entity_type;entity_id\nO4;solution;S-4\n", ageSeconds: 10);
        DropFile("notes.txt", "not a csv", ageSeconds: 10);

        Assert.Empty(await _h.Poller().PollAsync(CancellationToken.None));
        var results = await _h.Poller().PollAsync(CancellationToken.None);

        Assert.Equal(["good.csv", "partly.csv", "semicolon.CSV"], results.Select(r => r.FileName));
        Assert.Equal([ImportOutcome.Accepted, ImportOutcome.PartlyRejected, ImportOutcome.RejectedWhole], results.Select(r => r.Result.Outcome));
        Assert.Equal(["notes.txt"], Directory.GetFiles(Drop).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(Path.Combine(Drop, "processing")));
        AssertIn("processed", results[0], withReport: false);
        AssertIn("processed", results[1], withReport: true);
        AssertIn("rejected", results[2], withReport: true);
        Assert.Contains("WRONG_DELIMITER", await File.ReadAllTextAsync(results[2].Result.ReportPath!));
        var imports = await _h.ImportsAsync();
        Assert.Equal(["good.csv", "partly.csv", "semicolon.CSV"], imports.Select(i => i.FileName));
        Assert.All(imports, i => Assert.Equal("drop-folder", i.ReceivedVia));
        Assert.Equal(2, await _h.CountAsync("crm_changes"));
    }

    [Fact]
    public async Task PollAsync_LeavesFileForLaterPoll_WhenItWasWrittenMomentsAgo()
    {
        var path = DropFile("copying.csv", Header + "O1,solution,S-1\n", ageSeconds: 0);

        var first = await _h.Poller().PollAsync(CancellationToken.None);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(-5));
        var second = await _h.Poller().PollAsync(CancellationToken.None);
        var third = await _h.Poller().PollAsync(CancellationToken.None);

        Assert.Empty(first);
        Assert.Empty(second);
        Assert.Equal(ImportOutcome.Accepted, Assert.Single(third).Result.Outcome);
    }

    [Fact]
    public async Task PollAsync_TakesOverClaim_WhenServerThatClaimedItDied()
    {
        var processing = Directory.CreateDirectory(Path.Combine(Drop, "processing")).FullName;
        var abandoned = Path.Combine(processing, "20261101T000000000Z-0badf00d-crashed list.csv");
        await File.WriteAllTextAsync(abandoned, Header + "O1,solution,S-1\n");
        await File.WriteAllTextAsync(abandoned + ".errors.csv", "half a report");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - _h.Options.ClaimTimeout - TimeSpan.FromMinutes(1));
        var inFlight = Path.Combine(processing, "20261101T000000000Z-00c0ffee-busy.csv");
        await File.WriteAllTextAsync(inFlight, Header + "O2,solution,S-2\n");

        var result = Assert.Single(await _h.Poller().PollAsync(CancellationToken.None));

        Assert.Equal("crashed list.csv", result.FileName);
        Assert.Equal(ImportOutcome.Accepted, result.Result.Outcome);
        Assert.EndsWith("-crashed list.csv", result.Location);
        Assert.Equal([inFlight], Directory.GetFiles(processing));
    }

    [Fact]
    public async Task PollAsync_ImportsEachFileOnce_WhenTwoServersPollConcurrently()
    {
        for (var i = 0; i < 24; i++)
        {
            DropFile($"batch {i:00}.csv", Header + $"O{i + 1},solution,S-{i}\nO{i + 1},solution,S-{i + 100}\n", ageSeconds: 60 - i);
        }

        var servers = new[] { _h.NewPoller(), _h.NewPoller() };
        foreach (var server in servers)
        {
            Assert.Empty(await server.PollAsync(CancellationToken.None));
        }

        var polls = await Task.WhenAll(servers.Select(server => Task.Run(() => server.PollAsync(CancellationToken.None))));

        var all = polls.SelectMany(p => p).ToList();
        Assert.Equal(24, all.Count);
        Assert.Equal(24, all.Select(r => r.FileName).Distinct().Count());
        Assert.All(all, r => Assert.Equal(ImportOutcome.Accepted, r.Result.Outcome));
        Assert.Equal(48, await _h.CountAsync("crm_changes"));
        Assert.Equal(24, await _h.CountAsync("imports"));
        Assert.Equal(24, Directory.GetFiles(Path.Combine(Drop, "processed")).Length);
    }

    [Fact]
    public async Task PollAsync_RejectsRedropWithReport_WhenSameContentWasProcessedBefore()
    {
        const string content = Header + "O9,solution,S-9\n";
        DropFile("monday.csv", content, ageSeconds: 10);
        var first = Assert.Single(await PollTwiceAsync());
        DropFile("monday.csv", content, ageSeconds: 10);

        var again = Assert.Single(await PollTwiceAsync());

        Assert.Equal(ImportOutcome.AlreadyImported, again.Result.Outcome);
        AssertIn("rejected", again, withReport: true);
        Assert.Contains($"as import #{first.Result.ImportId}", await File.ReadAllTextAsync(again.Result.ReportPath!));
        Assert.NotEqual(first.Location, again.Location);
        Assert.Equal(1, await _h.CountAsync("crm_changes"));
    }

    [Fact]
    public async Task PollAsync_PutsFileBackAndThrows_WhenDatabaseIsUnreachable()
    {
        var path = DropFile("waiting.csv", Header + "O1,solution,S-1\n", ageSeconds: 10);
        await using var deadDatabase = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");
        var importer = new CsvImporter(Options.Create(_h.Options), deadDatabase, TimeProvider.System, new RecordingLogger<CsvImporter>());
        var poller = new DropFolderPoller(Options.Create(_h.Options), importer, TimeProvider.System, new RecordingLogger<DropFolderPoller>(), []);
        Assert.Empty(await poller.PollAsync(CancellationToken.None));

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => poller.PollAsync(CancellationToken.None));

        Assert.True(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.Combine(Drop, "processing")));
    }

    [Fact]
    public async Task PollAsync_ImportsTheWholeFile_WhenItWasStillGrowingAtTheFirstPoll()
    {
        // A copy that keeps the original modification time: only the size tells it is not done.
        var path = DropFile("slow copy.csv", Header + "O1,solution,S-1\n", ageSeconds: 60);
        var writtenAt = File.GetLastWriteTimeUtc(path);

        var first = await _h.Poller().PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, "O2,solution,S-2\n");
        File.SetLastWriteTimeUtc(path, writtenAt);
        var second = await _h.Poller().PollAsync(CancellationToken.None);
        var third = await _h.Poller().PollAsync(CancellationToken.None);

        Assert.Empty(first);
        Assert.Empty(second);
        var result = Assert.Single(third);
        Assert.Equal(2, result.Result.RowsAccepted);
        Assert.Equal(2, await _h.CountAsync("crm_changes"));
    }

    [Fact]
    public async Task PollAsync_MovesASymlinkAsideUnread_WhenItPointsOutsideTheFolder()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"secret-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(outside, Header + "O1,solution,S-1\nTOP-SECRET-LINE,,\n");
        try
        {
            var link = Path.Combine(Drop, "innocent.csv");
            File.CreateSymbolicLink(link, outside);

            var results = await PollTwiceAsync();

            var result = Assert.Single(results);
            Assert.Equal(ImportOutcome.RejectedWhole, result.Result.Outcome);
            Assert.Equal("NOT_A_REGULAR_FILE", Assert.Single(result.Result.Errors).Code);
            Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget is not null);
            Assert.Equal(outside, new FileInfo(result.Location).LinkTarget);
            Assert.Equal(Path.Combine(Path.GetFullPath(Drop), "rejected"), Path.GetDirectoryName(result.Location));
            var report = await File.ReadAllTextAsync(result.Result.ReportPath!);
            Assert.Contains("symbolic link", report);
            Assert.DoesNotContain("TOP-SECRET", report);
            Assert.Equal(0, await _h.CountAsync("crm_changes"));
            Assert.Equal(0, await _h.CountAsync("imports"));
            Assert.Contains("TOP-SECRET-LINE", await File.ReadAllTextAsync(outside));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task PollAsync_MovesAFifoAsideWithoutOpeningIt_WhenOneIsNamedLikeACsv()
    {
        var fifo = Path.Combine(Drop, "pipe.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a FIFO for reading blocks until a writer comes: a poll that opened it would never return.
        var results = await PollTwiceAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var result = Assert.Single(results);
        Assert.Equal("NOT_A_REGULAR_FILE", Assert.Single(result.Result.Errors).Code);
        Assert.False(File.Exists(fifo));
    }

    [Theory]
    [InlineData("processing")]
    [InlineData("processed")]
    [InlineData("rejected")]
    public async Task PollAsync_StopsWithAClearError_WhenItsOwnFolderIsASymlink(string folder)
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"elsewhere-{Guid.NewGuid():N}")).FullName;
        try
        {
            var own = Path.Combine(Drop, folder);
            if (Directory.Exists(own))
            {
                Directory.Delete(own, recursive: true);
            }

            Directory.CreateSymbolicLink(own, elsewhere);
            var path = DropFile("good.csv", Header + "O1,solution,S-1\n", ageSeconds: 30);

            var error = await Assert.ThrowsAsync<DropFolderUnsafeException>(() => _h.Poller().PollAsync(CancellationToken.None));

            Assert.Contains($"'{folder}' is a symbolic link", error.Message);
            Assert.True(File.Exists(path));
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task PollAsync_WritesAReportWithoutTheFilesContent_WhenTheFileIsRejectedAsAWhole()
    {
        DropFile("keys.csv", "AKIAEXAMPLESECRET:wJalrXUtnFEMI\nsecond line\n", ageSeconds: 30);

        var result = Assert.Single(await PollTwiceAsync());

        Assert.Equal(ImportOutcome.RejectedWhole, result.Result.Outcome);
        var report = await File.ReadAllTextAsync(result.Result.ReportPath!);
        Assert.Contains("UNKNOWN_HEADERS", report);
        Assert.DoesNotContain("AKIAEXAMPLESECRET", report);
        Assert.DoesNotContain("wJalrXUtnFEMI", report);
    }

    // The two-poll rule: a file is imported by the poll after the one that first saw it unchanged.
    private async Task<IReadOnlyList<DropFolderFileResult>> PollTwiceAsync()
    {
        var first = await _h.Poller().PollAsync(CancellationToken.None);
        var second = await _h.Poller().PollAsync(CancellationToken.None);
        return [.. first, .. second];
    }

    private string DropFile(string name, string content, int ageSeconds)
    {
        var path = Path.Combine(Drop, name);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(-ageSeconds));
        return path;
    }

    private void AssertIn(string folder, DropFolderFileResult result, bool withReport)
    {
        var expectedFolder = Path.Combine(Path.GetFullPath(Drop), folder);
        Assert.Equal(expectedFolder, Path.GetDirectoryName(result.Location));
        Assert.True(File.Exists(result.Location));
        Assert.Matches(@"^\d{8}T\d{9}Z-[0-9a-f]{8}-", Path.GetFileName(result.Location));
        if (withReport)
        {
            Assert.Equal(result.Location + ".errors.csv", result.Result.ReportPath);
            Assert.True(File.Exists(result.Result.ReportPath));
        }
        else
        {
            Assert.Null(result.Result.ReportPath);
        }
    }
}
