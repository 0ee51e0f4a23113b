using System.Text;
using Connector.IntegrationTests.Infrastructure;
using Connector.Sources;

namespace Connector.IntegrationTests.Sources;

public sealed class CsvImporterRejectionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private SourcesHarness _h = null!;

    public async Task InitializeAsync() => _h = await SourcesHarness.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, byte[], string, string> WholeFileProblems => new()
    {
        { "empty", [], "EMPTY_FILE", "empty" },
        { "blank lines and BOM", [0xEF, 0xBB, 0xBF, (byte)'\r', (byte)'\n', (byte)'\n'], "EMPTY_FILE", "empty" },
        { "header only", Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id\r\n"), "HEADER_ONLY", "no data rows" },
        { "header and blank rows", Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id\n\n,,\n"), "HEADER_ONLY", "no data rows" },
        { "binary (zip)", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00], "BINARY_FILE", "binary" },
        { "UTF-16", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("opportunity_id,entity_type,entity_id\n")).ToArray(), "NOT_UTF8", "UTF-16" },
        { "latin-1", Encoding.Latin1.GetBytes("opportunity_id,email,first_name,last_name,business_title\nO1,a@b.co,Zoë,Ä,T\n"), "NOT_UTF8", "line 2" },
        { "semicolons", Encoding.UTF8.GetBytes("opportunity_id;entity_type;entity_id\nO1;solution;S-1\n"), "WRONG_DELIMITER", "';'-separated" },
        { "tabs", Encoding.UTF8.GetBytes("opportunity_id\tentity_type\tentity_id\nO1\tsolution\tS-1\n"), "WRONG_DELIMITER", "tab-separated" },
        { "duplicate headers", Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id,Entity ID\nO1,solution,S-1,S-2\n"), "DUPLICATE_HEADERS", "'entity_id' and 'Entity ID'" },
        { "unknown headers", Encoding.UTF8.GetBytes("id,name,value\n1,a,b\n"), "UNKNOWN_HEADERS", "matches no kind of file" },
        { "both kinds", Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id,email,first_name,last_name,business_title\nO1,solution,S-1,a@b.co,A,B,C\n"), "AMBIGUOUS_HEADERS", "both kinds" },
        { "no row passes", Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id\nX1,solution,S-1\n"), "INVALID_STRING_FORMAT", "opportunity_id must be" },
    };

    [Theory]
    [MemberData(nameof(WholeFileProblems))]
    public async Task ImportFileAsync_RejectsWholeFileWithClearMessage_WhenFileIsUnusable(string name, byte[] bytes, string code, string messagePart)
    {
        var path = _h.WriteBytes(name + ".csv", bytes);

        var result = await _h.ImportAsync(path);

        Assert.Equal(ImportOutcome.RejectedWhole, result.Outcome);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(0, result.RowsAccepted);
        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(messagePart, error.Message);
        Assert.Equal(0, await _h.CountAsync("crm_changes"));
        var import = Assert.Single(await _h.ImportsAsync());
        Assert.Equal(("rejected", 0), (import.Outcome, import.RowsAccepted));
        Assert.Equal(result.ImportId, import.Id);
        var report = CsvImporterTests.ReadReport(result.ReportPath!);
        Assert.Equal(["line", "field", "rule"], report[0][..3]);
        Assert.Contains(code, report[1][2]);
    }

    [Fact]
    public async Task ImportFileAsync_RejectsWholeFile_WhenUnclosedQuoteSwallowsMoreThanARecordCanHold()
    {
        var text = new StringBuilder("opportunity_id,entity_type,entity_id\nO1,solution,S-1\nO2,solution,\"S-2\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("O3,solution,S-3\n");
        }

        var result = await _h.ImportAsync(_h.Write("unclosed.csv", text.ToString()));

        Assert.Equal(ImportOutcome.RejectedWhole, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("RECORD_TOO_LARGE", 3), (error.Code, error.Line));
        Assert.Equal(0, await _h.CountAsync("crm_changes"));
    }

    [Fact]
    public async Task ImportFileAsync_RecordsNothing_WhenDryRunOfUnusableFile()
    {
        var result = await _h.ImportAsync(_h.Write("dry-bad.csv", "a;b;c\n1;2;3\n"), new ImportRequest(true, ImportChannel.Cli, null, null));

        Assert.Equal(ImportOutcome.RejectedWhole, result.Outcome);
        Assert.Null(result.ImportId);
        Assert.Equal(0, await _h.CountAsync("imports"));
    }
}
