using Connector.Host.Dashboard.Upload;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>The upload spool: token-only names, and abandoned files cleaned up.</summary>
public sealed class UploadSpoolTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "spool-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void CleanOld_DeletesAbandonedPreviewsAfterSixHours_AndKeepsFreshOnesAndRecentReports()
    {
        var spool = new UploadSpool(folder);
        var (old, fresh) = (UploadSpool.NewToken(), UploadSpool.NewToken());
        using (spool.Create(old))
        {
        }

        using (spool.Create(fresh))
        {
        }

        var report = Path.Combine(folder, "report.tmp");
        File.WriteAllText(report, "line,field,rule\r\n");
        spool.KeepImportReport(report, 42);
        var now = DateTimeOffset.UtcNow;
        File.SetLastWriteTimeUtc(spool.DataPath(old), now.UtcDateTime.AddHours(-7));
        File.SetLastWriteTimeUtc(spool.ImportReportPath(42), now.UtcDateTime.AddDays(-2));

        spool.CleanOld(now);

        Assert.False(File.Exists(spool.DataPath(old)));
        Assert.True(File.Exists(spool.DataPath(fresh)));
        Assert.True(File.Exists(spool.ImportReportPath(42)));
        spool.CleanOld(now.AddDays(31));
        Assert.False(File.Exists(spool.ImportReportPath(42)));
    }

    [Fact]
    public void CleanOld_DeletesOnlyFilesWhoseNamesTheSpoolMade()
    {
        var spool = new UploadSpool(folder);
        var token = UploadSpool.NewToken();
        using (spool.Create(token))
        {
        }

        var reports = Path.Combine(folder, "reports");
        Directory.CreateDirectory(reports);
        string[] foreign = [Path.Combine(folder, "keep-me.csv"), Path.Combine(folder, "notes.txt"), Path.Combine(folder, token + ".csv.bak"), Path.Combine(reports, "keep.errors.csv")];
        var importReport = Path.Combine(reports, "import-7.errors.csv");
        var longAgo = DateTime.UtcNow.AddDays(-60);
        foreach (var file in foreign.Append(importReport))
        {
            File.WriteAllText(file, "x");
        }

        foreach (var file in foreign.Append(importReport).Append(spool.DataPath(token)))
        {
            File.SetLastWriteTimeUtc(file, longAgo);
        }

        spool.CleanOld(DateTimeOffset.UtcNow);

        Assert.False(File.Exists(spool.DataPath(token)));
        Assert.False(File.Exists(importReport));
        Assert.All(foreign, file => Assert.True(File.Exists(file), file));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("0123456789abcdef0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("")]
    public void Paths_AreRefused_ForAnythingButARandomToken(string token)
    {
        var spool = new UploadSpool(folder);

        Assert.False(UploadSpool.IsToken(token));
        Assert.Throws<ArgumentException>(() => spool.DataPath(token));
    }

    [Theory]
    [InlineData("../../etc/passwd.csv", "passwd.csv")]
    [InlineData("C:\\Users\\ana\\Desktop\\deals.csv", "deals.csv")]
    [InlineData("..", "upload.csv")]
    [InlineData("line\r\nbreak.csv", "linebreak.csv")]
    public void DisplayName_KeepsOnlyTheLastSegment_WithoutControlCharacters(string sent, string shown)
    {
        Assert.Equal(shown, UploadReceiver.DisplayName(sent));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
