using System.Net;
using System.Text;
using Connector.Host.Dashboard.Upload;
using Connector.Host.Hosting;
using Connector.IntegrationTests.Jobs;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>Attacks on the upload spool of a real host (real Postgres): bytes swapped between preview and confirm, a
/// report replaced by a symbolic link, a spool folder others may write to, files that are not the spool's.</summary>
[Collection(HangfireServerCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UploadSecurityTests(UploadHostFixture fixture) : IClassFixture<UploadHostFixture>
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task Confirm_StagesNothing_WhenTheSpooledBytesAreSwappedBetweenPreviewAndConfirm()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var (previewed, swapped) = (Opportunity(), Opportunity());
        var (token, page) = await client.PreviewAsync("swap.csv", Bytes($"opportunity_id,entity_type,entity_id\n{previewed},solution,S-1\n"));
        Assert.Contains("id=\"upload-sha256\"", page);

        await File.WriteAllBytesAsync(Path.Combine(Host.UploadFolder, token + ".csv"), Bytes($"opportunity_id,entity_type,entity_id\n{swapped},solution,S-666\n"));
        var (status, body) = await client.PostAsync(DashboardClient.ConfirmPath(page));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("changed after the preview", body.GetProperty("error").GetString());
        Assert.Equal(0, await CountAsync("select count(*) from connector.crm_changes where opportunity_id in (@previewed, @swapped)", new { previewed, swapped }));
        Assert.Equal(0, await CountAsync("select count(*) from connector.imports where file_name = 'swap.csv'"));
        Assert.Empty(Directory.GetFiles(Host.UploadFolder, token + "*"));
    }

    [Fact]
    public async Task Confirm_IsRefused_WhenItNamesAnotherHashThanThePreviewShows_AndStagesWithTheShownOne()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var opportunity = Opportunity();
        var (token, page) = await client.PreviewAsync("hash.csv", Bytes($"opportunity_id,entity_type,entity_id\n{opportunity},solution,S-2\n"));

        var (missing, _) = await client.PostAsync($"hangfire/sync/upload/confirm?token={token}");
        var (other, _) = await client.PostAsync($"hangfire/sync/upload/confirm?token={token}&sha256={new string('0', 64)}");
        var stagedBefore = await CountAsync("select count(*) from connector.crm_changes where opportunity_id = @opportunity", new { opportunity });
        var (shown, _) = await client.PostAsync(DashboardClient.ConfirmPath(page));

        Assert.Equal(HttpStatusCode.Conflict, missing);
        Assert.Equal(HttpStatusCode.Conflict, other);
        Assert.Equal(0, stagedBefore);
        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.Equal(1, await CountAsync("select count(*) from connector.crm_changes where opportunity_id = @opportunity", new { opportunity }));
    }

    [Fact]
    public async Task Reports_AreNotFound_WhenTheReportIsASymbolicLink()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var secret = Path.Combine(Host.UploadFolder, "..", "secret-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(secret, "SECRET-CONTENT");
        try
        {
            var (token, page) = await client.PreviewAsync("bad-rows.csv", Bytes($"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-3\n{Opportunity()},spaceship,S-4\n"));
            Assert.Contains("id=\"upload-report\"", page);
            using (var real = await client.GetAsync($"hangfire/sync/upload/report?token={token}"))
            {
                Assert.Equal(HttpStatusCode.OK, real.StatusCode);
            }

            var report = Path.Combine(Host.UploadFolder, token + ".errors.csv");
            File.Delete(report);
            File.CreateSymbolicLink(report, secret);
            var reports = Path.Combine(Host.UploadFolder, "reports");
            Directory.CreateDirectory(reports, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var kept = Path.Combine(reports, "import-987654321.errors.csv");
            File.CreateSymbolicLink(kept, secret);

            using var preview = await client.GetAsync($"hangfire/sync/upload/report?token={token}");
            using var import = await client.GetAsync("hangfire/sync/import-report?id=987654321");

            Assert.Equal(HttpStatusCode.NotFound, preview.StatusCode);
            Assert.DoesNotContain("SECRET", await preview.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, import.StatusCode);
            Assert.DoesNotContain("SECRET", await import.Content.ReadAsStringAsync());
            File.Delete(kept);
            await client.PostAsync($"hangfire/sync/upload/cancel?token={token}");
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task Spool_KeepsUploadsOwnerOnly_FolderAt0700AndEveryFileAt0600()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var (token, page) = await client.PreviewAsync("modes.csv", Bytes($"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-5\n{Opportunity()},spaceship,S-6\n"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Host.UploadFolder));
        Assert.All(Directory.GetFiles(Host.UploadFolder, token + "*"), file => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file)));
        Assert.Equal(3, Directory.GetFiles(Host.UploadFolder, token + "*").Length);

        var (status, body) = await client.PostAsync(DashboardClient.ConfirmPath(page));
        Assert.Equal(HttpStatusCode.OK, status);
        var kept = Path.Combine(Host.UploadFolder, "reports", $"import-{body.GetProperty("importId").GetInt64()}.errors.csv");
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(kept));
    }

    [Fact]
    public async Task Upload_IsRefusedWithTheReason_WhenTheSpoolFolderBecomesWorldWritable()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var before = File.GetUnixFileMode(Host.UploadFolder);
        File.SetUnixFileMode(Host.UploadFolder, (UnixFileMode)0b111_111_111);
        try
        {
            var (status, body) = await client.UploadAsync("open.csv", $"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-7\n");

            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Contains("has mode 0777, open to other users", body.GetProperty("error").GetString());
            Assert.Empty(Directory.GetFiles(Host.UploadFolder, "*.csv"));
        }
        finally
        {
            File.SetUnixFileMode(Host.UploadFolder, before);
        }
    }

    [Theory]
    [InlineData(0b111_111_111)]
    [InlineData(0b111_101_000)]
    [InlineData(0b111_000_011)]
    public async Task Host_RefusesToStart_WhenTheSpoolFolderExistsWithAWiderMode(int mode)
    {
        var folder = Path.Combine(Path.GetTempPath(), "open-spool-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)mode);
        try
        {
            var error = await Assert.ThrowsAsync<ConfigurationException>(() => DashboardHost.StartAsync(fixture.ConnectionString, new Dictionary<string, string?>
            {
                ["Dashboard:UploadFolder"] = folder,
            }));

            Assert.Contains($"The upload folder {folder} (Dashboard:UploadFolder) has mode 0{Convert.ToString(mode, 8)}", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EnsurePrivate_RefusesAFolderThatIsASymbolicLink_EvenToAPrivateFolder()
    {
        var target = Path.Combine(Path.GetTempPath(), "spool-target-" + Guid.NewGuid().ToString("N"));
        var link = target + "-link";
        Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateSymbolicLink(link, target);
        try
        {
            var error = Assert.Throws<ConfigurationException>(() => new UploadSpool(link).EnsurePrivate());
            Assert.Contains("is a symbolic link", error.Message);
            new UploadSpool(target).EnsurePrivate();
        }
        finally
        {
            Directory.Delete(link);
            Directory.Delete(target);
        }
    }

    /// <summary>A 0700 folder of another user: as root, a temp folder given to uid 65534; otherwise root's home.</summary>
    [Fact]
    public async Task EnsurePrivate_RefusesAFolderOfAnotherUser_EvenWithMode0700()
    {
        var asRoot = Environment.UserName == "root";
        var folder = asRoot ? Path.Combine(Path.GetTempPath(), "foreign-spool-" + Guid.NewGuid().ToString("N")) : "/root";
        if (asRoot)
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var chown = System.Diagnostics.Process.Start("chown", ["65534", folder]);
            await chown.WaitForExitAsync();
            Assert.Equal(0, chown.ExitCode);
        }

        try
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            var error = Assert.Throws<ConfigurationException>(() => new UploadSpool(folder).EnsurePrivate());
            Assert.Contains($"belongs to another user (uid {(asRoot ? 65534 : 0)})", error.Message);
        }
        finally
        {
            if (asRoot)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The importer's copy of an upload sits in the shared system temp folder while it is read: owner-only.</summary>
    [Fact]
    public async Task Importer_KeepsItsTemporaryCopyOfAnUploadOwnerOnly()
    {
        var before = TemporaryCopies().ToHashSet();
        var modes = new List<UnixFileMode>();
        var csv = Bytes($"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-9\n");
        await using var content = new ProbingStream(csv, () => modes.AddRange(TemporaryCopies().Where(f => !before.Contains(f)).Select(File.GetUnixFileMode)));
        var importer = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Connector.Sources.CsvImporter>(Host.Services);

        await importer.ImportStreamAsync(content, "probe.csv", new Connector.Sources.ImportRequest(DryRun: true, Connector.Sources.ImportChannel.Upload, "test", null), CancellationToken.None);

        Assert.NotEmpty(modes);
        Assert.All(modes, mode => Assert.Equal(OwnerReadWrite, mode));
    }

    private static IEnumerable<string> TemporaryCopies() => Directory.EnumerateFiles(Path.GetTempPath(), "connector-upload-*.csv");

    /// <summary>Runs a probe on every read after the first, while the importer is copying.</summary>
    private sealed class ProbingStream(byte[] content, Action probe) : MemoryStream(content)
    {
        private int reads;

        public override int Read(Span<byte> buffer)
        {
            Probe();
            return base.Read(buffer);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Probe();
            return base.Read(buffer, offset, count);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Probe();
            return base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Probe();
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        }

        private void Probe()
        {
            if (reads++ > 0)
            {
                probe();
            }
        }
    }

    private static string Opportunity() => "O" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<int> CountAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        return await connection.ExecuteScalarAsync<int>(sql, args);
    }
}
