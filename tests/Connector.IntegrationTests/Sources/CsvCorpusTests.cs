using System.Text.Json;
using Connector.IntegrationTests.Infrastructure;
using Connector.Sources;
using Dapper;

namespace Connector.IntegrationTests.Sources;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>Runs every file of <c>corpus/</c> (hostile and ordinary CSV files) against <c>corpus/expected.json</c>.</summary>
public sealed class CsvCorpusTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Sources", "corpus");

    private SourcesHarness _h = null!;

    public async Task InitializeAsync() => _h = await SourcesHarness.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ImportFileAsync_MatchesManifestWithoutCrashOrLoss_WhenRunOverHostileCorpus()
    {
        var expected = JsonSerializer.Deserialize<Dictionary<string, Expectation>>(
            await File.ReadAllTextAsync(Path.Combine(Corpus, "expected.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        var files = Directory.GetFiles(Corpus, "*.csv").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 30, $"only {files.Count} corpus files");
        Assert.Equal(files, expected.Keys.Order(StringComparer.Ordinal).ToList());

        var reports = Directory.CreateDirectory(Path.Combine(_h.Folder, "reports")).FullName;
        var problems = new List<string>();
        foreach (var file in files)
        {
            var want = expected[file];
            ImportResult result;
            try
            {
                result = await _h.Importer.ImportFileAsync(Path.Combine(Corpus, file),
                    new ImportRequest(false, ImportChannel.Cli, null, reports), CancellationToken.None);
            }
            catch (Exception e)
            {
                problems.Add($"{file}: crashed with {e.GetType().Name}: {e.Message}");
                continue;
            }

            problems.AddRange((await Check(want, result)).Select(p => $"{file}: {p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private async Task<List<string>> Check(Expectation want, ImportResult result)
    {
        var problems = new List<string>();
        if (result.Outcome.ToString() != want.Outcome || result.RowsAccepted != want.Accepted || result.RowsRejected != want.Rejected)
        {
            problems.Add($"expected {want.Outcome} {want.Accepted}/{want.Rejected}, got {result.Outcome} {result.RowsAccepted}/{result.RowsRejected}: " +
                string.Join(" | ", result.Errors.Select(e => $"{e.Line} {e.Field} {e.Code}")));
        }

        // No good row lost: what was reported accepted is exactly what is staged for this import.
        await using var connection = await _h.DataSource.OpenConnectionAsync();
        var staged = result.ImportId is { } id && result.Outcome != ImportOutcome.AlreadyImported
            ? await connection.ExecuteScalarAsync<long>("select count(*) from connector.crm_changes where import_id = @id", new { id })
            : 0;
        if (staged != result.RowsAccepted)
        {
            problems.Add($"{result.RowsAccepted} accepted but {staged} staged");
        }

        if (result.Outcome == ImportOutcome.Accepted)
        {
            if (result.ReportPath is not null)
            {
                problems.Add("a report for a fully accepted file");
            }

            return problems;
        }

        // Every bad row (or the file) is named in the report with its line, field and rule.
        if (result.ReportPath is null || !File.Exists(result.ReportPath))
        {
            problems.Add("no report");
            return problems;
        }

        var report = CsvImporterTests.ReadReport(result.ReportPath).Skip(1).ToList();
        if (report.Any(r => r.Length < 3 || !int.TryParse(r[0], out _) || r[1].Length == 0 || !r[2].Contains(": ")))
        {
            problems.Add("a report row without line, field or rule");
        }

        var namedLines = report.Select(r => r[0]).Distinct().Count();
        var expectedLines = result.RowsRejected > 0 ? result.RowsRejected : 1;
        if (namedLines != expectedLines)
        {
            problems.Add($"report names {namedLines} lines for {result.RowsRejected} rejected rows");
        }

        if (result.RowsRejected > 0 && report.Any(r => r[0] == "0" || r[0] == "1"))
        {
            problems.Add("a rejected row reported on the header line or line 0");
        }

        if (report.SelectMany(r => r.Skip(3)).Any(v => v.Length > 0 && "=+-@\t\r".Contains(v[0])))
        {
            problems.Add("a report cell that a spreadsheet would run as a formula");
        }

        return problems;
    }

    private sealed record Expectation(string Outcome, int Accepted, int Rejected);
}
