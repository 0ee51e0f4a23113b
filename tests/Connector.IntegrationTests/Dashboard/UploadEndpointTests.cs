using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using Connector.IntegrationTests.Jobs;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>The dashboard's CSV upload over HTTP: preview before staging, confirm, cancel, the report, antiforgery,
/// write rights, and hostile files (oversize, binary, non-UTF-8, a path for a name).</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class UploadEndpointTests(UploadHostFixture fixture) : IClassFixture<UploadHostFixture>
{
    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task Upload_ShowsThePreviewAndStagesNothing_ThenConfirmStagesTheRowsAsAnUploadByTheUser()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var (o1, o2) = (Opportunity(), Opportunity());
        var csv = Bytes($"opportunity_id,entity_type,entity_id\n{o1},solution,S-1\n{o2},aws product,AmazonEC2AutoScaling\n");

        var (token, page) = await client.PreviewAsync("good.csv", csv);

        Assert.Contains("<td id=\"upload-kind\">associations</td>", page);
        Assert.Contains("<td id=\"upload-accepted\">2</td>", page);
        Assert.Contains("<td id=\"upload-rejected\">0</td>", page);
        Assert.Contains("<td id=\"upload-calls\">2</td>", page);
        Assert.Contains("id=\"upload-confirm\"", page);
        Assert.Contains("Confirm: stage 2 rows</button>", page);
        Assert.Equal(0, await CountAsync("select count(*) from connector.crm_changes where opportunity_id in (@o1, @o2)", new { o1, o2 }));
        Assert.Equal(0, await CountAsync("select count(*) from connector.imports where file_name = 'good.csv'"));
        Assert.True(File.Exists(Path.Combine(Host.UploadFolder, token + ".csv")));

        var (status, body) = await client.PostAsync(DashboardClient.ConfirmPath(page));

        Assert.Equal(HttpStatusCode.OK, status);
        var importId = body.GetProperty("importId").GetInt64();
        Assert.Equal($"/hangfire/sync?import={importId}#sync-imports", body.GetProperty("location").GetString());
        var import = await SingleAsync<(string Via, string By, int Accepted)>(
            "select received_via, received_by, rows_accepted from connector.imports where id = @importId", new { importId });
        Assert.Equal(("upload", "local", 2), import);
        Assert.Equal(2, await CountAsync("select count(*) from connector.crm_changes where import_id = @importId", new { importId }));
        Assert.Empty(Directory.GetFiles(Host.UploadFolder, token + "*"));
        var sync = await client.GetStringAsync($"hangfire/sync?import={importId}");
        Assert.Contains($"<tr data-import-id=\"{importId}\"><td>#{importId}</td><td>good.csv</td><td>upload (local)</td>", sync);
        Assert.Contains("id=\"sync-import-message\"", sync);

        // The same bytes again: recognised, nothing to confirm.
        var (_, again) = await client.PreviewAsync("good-again.csv", csv);
        Assert.Contains($"already imported", again);
        Assert.Contains($"as import #{importId}", again);
        Assert.DoesNotContain("id=\"upload-confirm\"", again);
    }

    [Fact]
    public async Task UploadedSolutionMap_PreviewsTheChangesItFindsInTheLedger_ThenConfirmStagesThem()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var (opportunity, legacy) = (Opportunity(), "S-" + Random.Shared.NextInt64(100_000_000, 999_999_999));
        const string arn = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-up1";
        await CountAsync("""
            insert into connector.ledger_associations (catalog, opportunity_id, entity_type, entity_id, associated, learned_at, learned_from)
            values ('AWS', @opportunity, 'Solutions', @legacy, true, now(), 'write') returning 1
            """, new { opportunity, legacy });

        var (_, page) = await client.PreviewAsync("map.csv", Bytes($"solution_id,marketplace_solution_arn\n{legacy},{arn}\n"));

        Assert.Contains("<td id=\"upload-kind\">solution_map</td>", page);
        Assert.Contains("1 legacy solution(s) on 1 opportunity in the ledger: 1 associate(s) of the Marketplace solution and 1 disassociate(s) of the legacy one would be staged", page);
        Assert.Contains("<td id=\"upload-calls\">2</td>", page);
        Assert.Contains("Confirm: stage 2 changes</button>", page);
        Assert.Equal(0, await CountAsync("select count(*) from connector.crm_changes where opportunity_id = @opportunity", new { opportunity }));

        var (status, body) = await client.PostAsync(DashboardClient.ConfirmPath(page));

        Assert.Equal(HttpStatusCode.OK, status);
        var importId = body.GetProperty("importId").GetInt64();
        var staged = (await QueryAsync<(string ChangeType, string EntityType, bool Follows)>(
            "select change_type, entity_type, after_change_id is not null from connector.crm_changes where import_id = @importId order by id", new { importId })).ToList();
        Assert.Equal([("associate", "AwsMarketplaceSolutions", false), ("disassociate", "Solutions", true)], staged);
    }

    [Fact]
    public async Task Upload_ListsEachRejectedRowWithLineFieldAndRule_OffersASpreadsheetSafeReport_AndCancelLeavesNothing()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var good = Opportunity();
        var csv = Bytes($"opportunity_id,entity_type,entity_id\n{good},solution,S-2\n{Opportunity()},spaceship,\"=HYPERLINK(\"\"http://evil.example\"\")\"\n");

        var (token, page) = await client.PreviewAsync("mixed.csv", csv);

        Assert.Contains("<td id=\"upload-accepted\">1</td>", page);
        Assert.Contains("Confirm: stage 1 row</button>", page);
        Assert.Contains("<td id=\"upload-rejected\">1</td>", page);
        Assert.Contains("<tr><td>3</td><td>entity_type</td><td><code>INVALID_ENUM_VALUE</code></td>", page);
        Assert.Contains("<td id=\"upload-calls\">1</td>", page);
        using (var report = await client.GetAsync($"hangfire/sync/upload/report?token={token}"))
        {
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.Equal("text/csv", report.Content.Headers.ContentType?.MediaType);
            Assert.Equal("mixed.errors.csv", report.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var bytes = await report.Content.ReadAsByteArrayAsync();
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            var text = Encoding.UTF8.GetString(bytes[3..]);
            Assert.StartsWith("line,field,rule,opportunity_id,entity_type,entity_id\r\n", text);
            Assert.Contains("\r\n3,entity_type,\"INVALID_ENUM_VALUE: entity_type must be one of", text);
            Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\"", text);
        }

        var (status, _) = await client.PostAsync($"hangfire/sync/upload/cancel?token={token}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Directory.GetFiles(Host.UploadFolder, token + "*"));
        Assert.Equal(0, await CountAsync("select count(*) from connector.crm_changes where opportunity_id = @good", new { good }));
        var (confirm, _) = await client.PostAsync($"hangfire/sync/upload/confirm?token={token}");
        Assert.Equal(HttpStatusCode.NotFound, confirm);
    }

    [Fact]
    public async Task ConfirmedUpload_KeepsItsRowErrorReport_LinkedFromRecentImports_ForWritersOnly()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        using var reader = await DashboardClient.CreateAsync(Host, "reader", UploadHostFixture.Password);
        var csv = Bytes($"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-8\n{Opportunity()},solution,\n");
        var (_, page) = await client.PreviewAsync("kept.csv", csv);

        var (_, body) = await client.PostAsync(DashboardClient.ConfirmPath(page));

        var importId = body.GetProperty("importId").GetInt64();
        var link = $"/hangfire/sync/import-report?id={importId}";
        Assert.Contains($"<a href=\"{link}\" class=\"sync-import-report\">report</a>", await client.GetStringAsync("hangfire/sync"));
        var report = await client.GetStringAsync(link.TrimStart('/'));
        Assert.Contains("\r\n3,entity_id,", report);
        using var refused = await reader.GetAsync(link.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("sync-import-report", await reader.GetStringAsync("hangfire/sync"));
    }

    [Fact]
    public async Task DroppedFile_ItsRowErrorReportIsLinkedFromRecentImports_AndStaysInRejectedOrProcessed()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var drop = Directory.CreateDirectory(Path.Combine(Host.UploadFolder, "drop")).FullName;
        var dropped = Path.Combine(drop, $"dropped-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(dropped, $"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-8\n{Opportunity()},solution,\n");
        File.SetLastWriteTimeUtc(dropped, DateTime.UtcNow.AddMinutes(-1));
        var poller = Host.Services.GetRequiredService<Connector.Sources.DropFolderPoller>();

        // The first poll sees the file, the second (same size and time) imports it.
        var results = (await poller.PollAsync(CancellationToken.None)).Concat(await poller.PollAsync(CancellationToken.None)).ToList();

        var imported = Assert.Single(results, r => r.FileName == Path.GetFileName(dropped)).Result;
        Assert.True(File.Exists(imported.ReportPath), "the report stays beside the file in processed/");
        var link = $"/hangfire/sync/import-report?id={imported.ImportId}";
        Assert.Contains($"<a href=\"{link}\" class=\"sync-import-report\">report</a>", await client.GetStringAsync("hangfire/sync"));
        Assert.Contains("\r\n3,entity_id,", await client.GetStringAsync(link.TrimStart('/')));
    }

    [Fact]
    public async Task ChangesPage_FindsAnUploadsChanges_AndTheChangePageShowsTheCallThatSyncedIt()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var opportunity = Opportunity();
        var (_, page) = await client.PreviewAsync("found.csv", Bytes($"opportunity_id,entity_type,entity_id\n{opportunity},solution,S-5\n"));
        var (_, body) = await client.PostAsync(DashboardClient.ConfirmPath(page));
        var importId = body.GetProperty("importId").GetInt64();
        var changeId = await SingleAsync<long>("select id from connector.crm_changes where import_id = @importId", new { importId });

        // The confirm queued a sync on the host's Hangfire server; bounded wait for it to send the change.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await SingleAsync<string>("select status from connector.crm_changes where id = @changeId", new { changeId }) != "synced" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains($"href=\"/hangfire/changes?import={importId}\"", await client.GetStringAsync("hangfire/sync"));
        var list = await client.GetStringAsync($"hangfire/changes?import={importId}");
        Assert.Contains($"<tr data-change-id=\"{changeId}\"><td><a href=\"/hangfire/changes/{changeId}\">#{changeId}</a></td><td data-status=\"synced\">", list);
        var history = await client.GetStringAsync($"hangfire/changes/{changeId}");
        Assert.Contains($"Change #{changeId}: associate Solutions S-5 on AWS/{opportunity}", history);
        Assert.Contains("<td>AssociateOpportunity</td>", history);
        Assert.Contains("<td>ok</td>", history);
        Assert.Matches("Request id</th><td>[0-9a-f-]{8,}", history);
        Assert.Contains("associated (learned by write", history);
    }

    [Fact]
    public async Task SyncPage_ShowsTheLedgersFreshnessAndTheDriftByKind()
    {
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "insert into connector.drift (catalog, opportunity_id, kind, entity_type, entity_id, ledger_said, partner_central_has) " +
                "values ('AWS', 'O9901', 'association-removed', 'Solutions', 'S-1', 'associated', 'not associated')");
        }

        using var client = await DashboardClient.CreateAsync(Host);

        var page = await client.GetStringAsync("hangfire/sync");

        Assert.Contains("id=\"sync-ledger-freshness\"", page);
        Assert.Contains("<tr data-drift-kind=\"association-removed\"><td>association-removed</td><td>1</td></tr>", page);
    }

    [Fact]
    public async Task SyncPage_LoadsTheUploadScriptFromHangfiresBundle_NotInline()
    {
        using var client = await DashboardClient.CreateAsync(Host);

        var page = await client.GetStringAsync("hangfire/sync");
        var bundle = System.Text.RegularExpressions.Regex.Match(page, "<script src=\"/hangfire/(js[0-9]+)\"></script>");

        Assert.Contains("id=\"sync-upload-form\"", page);
        Assert.DoesNotContain("getElementById('sync-upload-form')", page);
        Assert.True(bundle.Success, "no Hangfire script bundle on the page");
        var script = await client.GetStringAsync("hangfire/" + bundle.Groups[1].Value);
        Assert.Contains("getElementById('sync-upload-form')", script);
        Assert.Contains("[data-upload-post]", script);
    }

    [Fact]
    public async Task Post_IsRefused_WithoutTheAntiforgeryToken()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        Assert.NotNull(client.Token);
        var before = Directory.Exists(Host.UploadFolder) ? Directory.GetFiles(Host.UploadFolder).Length : 0;

        var (upload, _) = await client.UploadAsync("no-token.csv", $"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-3\n", withToken: false);
        var (confirm, _) = await client.PostAsync($"hangfire/sync/upload/confirm?token={new string('a', 32)}", withToken: false);

        Assert.Equal(HttpStatusCode.Forbidden, upload);
        Assert.Equal(HttpStatusCode.Forbidden, confirm);
        Assert.Equal(before, Directory.Exists(Host.UploadFolder) ? Directory.GetFiles(Host.UploadFolder).Length : 0);

        // A token pasted into a form field is not enough either: it is read from the header only.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(client.Token!), "__RequestVerificationToken" },
            { new ByteArrayContent(Bytes("opportunity_id,entity_type,entity_id\nO1,solution,S-1\n")), "file", "field.csv" },
        };
        var (inForm, _) = await client.PostAsync("hangfire/sync/upload", form, withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, inForm);
    }

    [Fact]
    public async Task Upload_IsRefusedWithTheLimitInTheMessage_WhenTheFileIsTooLarge_AndNothingIsSpooled()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var row = $"{Opportunity()},solution,S-4\n";
        var big = new StringBuilder("opportunity_id,entity_type,entity_id\n");
        while (big.Length <= UploadHostFixture.MaxUploadBytes)
        {
            big.Append(row);
        }

        var before = SpooledFiles();

        var (status, body) = await client.UploadAsync("big.csv", big.ToString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than the upload limit of 64 KB (Sources:MaxUploadBytes)", body.GetProperty("error").GetString());
        Assert.Equal(before, SpooledFiles());
    }

    [Fact]
    public async Task Upload_StopsReadingPastTheLimit_WhenTheBodyHasNoLength()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var endless = new CountingContent(totalBytes: 64L * 1024 * 1024);
        var before = SpooledFiles();

        try
        {
            var (status, body) = await client.UploadAsync("endless.csv", endless);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
            Assert.Contains("Sources:MaxUploadBytes", body.GetProperty("error").GetString());
        }
        catch (HttpRequestException)
        {
            // The server answered and closed the connection while the client was still sending: also a refusal.
        }

        Assert.Equal(before, SpooledFiles());
        // Kestrel and the sockets buffer some more, but nowhere near the 64 MB offered.
        Assert.True(endless.BytesPulled < 16L * 1024 * 1024, $"{endless.BytesPulled} bytes were pulled");
    }

    [Fact]
    public async Task Upload_PreviewsABinaryFile_AsRefusedAsAWhole_WithNoConfirm()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, .. Guid.NewGuid().ToByteArray()];

        var (token, page) = await client.PreviewAsync("picture.csv", png);

        Assert.Contains("NUL bytes: it is a binary file", page);
        Assert.DoesNotContain("id=\"upload-confirm\"", page);
        Assert.False(File.Exists(Path.Combine(Host.UploadFolder, token + ".csv")));
        var (confirm, _) = await client.PostAsync($"hangfire/sync/upload/confirm?token={token}");
        Assert.Equal(HttpStatusCode.Conflict, confirm);
    }

    [Fact]
    public async Task Upload_PreviewsALatin1File_AsNotUtf8_WithTheLineAndTheFix()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var latin1 = Encoding.Latin1.GetBytes($"opportunity_id,email,first_name,last_name,business_title\n{Opportunity()},jose@example.com,José,Núñez,PartnerAccountManager\n");

        var (_, page) = await client.PreviewAsync("latin1.csv", latin1);

        Assert.Contains("The file is not UTF-8 (first bad byte on line 2)", page);
        Assert.Contains("CSV UTF-8 (Comma delimited)", page);
        Assert.DoesNotContain("id=\"upload-confirm\"", page);
    }

    [Fact]
    public async Task Upload_NeverUsesTheFileNameAsAPath_AndShowsItEncoded()
    {
        using var client = await DashboardClient.CreateAsync(Host);
        var opportunity = Opportunity();

        var (token, page) = await client.PreviewAsync("../../etc/passwd.csv", Bytes($"opportunity_id,entity_type,entity_id\n{opportunity},solution,S-5\n"));
        var (_, html) = await client.PreviewAsync("<img src=x onerror=alert(1)>.csv", Bytes($"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-6\n"));

        Assert.Contains("<span id=\"upload-name\">passwd.csv</span>", page);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.csv", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.All(Directory.GetFiles(Host.UploadFolder), f => Assert.Matches("^[0-9a-f]{32}(\\.csv|\\.json|\\.errors\\.csv)$", Path.GetFileName(f)));
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(Host.UploadFolder, "../../etc/passwd.csv"))));
        var (status, body) = await client.PostAsync(DashboardClient.ConfirmPath(page));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("passwd.csv", await SingleAsync<string>("select file_name from connector.imports where id = @id", new { id = body.GetProperty("importId").GetInt64() }));
    }

    [Fact]
    public async Task RemoteUsers_ReadOnlyMayNotUpload_AWriterUploadsUnderItsName_AndSeesOnlyItsOwnPreviews()
    {
        using var reader = await DashboardClient.CreateAsync(Host, "reader", UploadHostFixture.Password);
        using var writer = await DashboardClient.CreateAsync(Host, "writer", UploadHostFixture.Password);
        using var local = await DashboardClient.CreateAsync(Host);
        var csv = $"opportunity_id,entity_type,entity_id\n{Opportunity()},solution,S-7\n";

        Assert.DoesNotContain("sync-upload-form", await reader.GetStringAsync("hangfire/sync"));
        Assert.Contains("sync-upload-form", await writer.GetStringAsync("hangfire/sync"));
        var (refused, _) = await reader.UploadAsync("reader.csv", csv);
        var (localToken, _) = await local.PreviewAsync("local.csv", Bytes(csv));
        var (_, page) = await writer.PreviewAsync("writer.csv", Bytes(csv));
        var (othersConfirm, _) = await writer.PostAsync($"hangfire/sync/upload/confirm?token={localToken}");
        var (status, body) = await writer.PostAsync(DashboardClient.ConfirmPath(page));

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal(HttpStatusCode.NotFound, othersConfirm);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("writer", await SingleAsync<string>("select received_by from connector.imports where id = @id", new { id = body.GetProperty("importId").GetInt64() }));
        await local.PostAsync($"hangfire/sync/upload/cancel?token={localToken}");
    }

    private string[] SpooledFiles() =>
        Directory.Exists(Host.UploadFolder) ? Directory.GetFiles(Host.UploadFolder).Order().ToArray() : [];

    private static string Opportunity() => "O" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<int> CountAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        return await connection.ExecuteScalarAsync<int>(sql, args);
    }

    private async Task<T> SingleAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        return await connection.QuerySingleAsync<T>(sql, args);
    }

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        return await connection.QueryAsync<T>(sql, args);
    }
}
