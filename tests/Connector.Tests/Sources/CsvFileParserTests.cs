using System.Text;
using Connector.Sources;

namespace Connector.Tests.Sources;

public class CsvFileParserTests
{
    [Theory]
    [InlineData("\r\n", true)]
    [InlineData("\n", true)]
    [InlineData("\r", false)]
    [InlineData("\n", false)]
    public async Task NextAsync_GivesPhysicalStartLines_WhenLineEndingsBomBlankLinesAndQuotedBreaksMix(string newline, bool bom)
    {
        var text = string.Join(newline, "Opportunity ID,notes,Entity-Type,ENTITY_ID", "O1,,solution,S-1", "", "  ",
            "O2,\"multi", "line \"\"quoted\"\"", "note\",aws product,AmazonEC2AutoScaling", ",,,", "O3,\"a, b\",Marketplace Offer Set,arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-1");

        var rows = await ParseAsync(text, bom);

        Assert.Equal([2, 5, 9], rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Empty(r.Errors));
        Assert.Equal(["Solutions", "AwsProducts", "AwsMarketplaceOfferSets"], rows.Select(r => r.Change!.EntityType));
    }

    [Fact]
    public async Task NextAsync_ReadsASolutionMap_AndNamesTheRuleOfEachBadRow()
    {
        const string arn = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-a1";
        const string other = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-b2";
        var rows = await ParseAsync($"""
            Solution ID,Marketplace Solution ARN,Catalog
            S-1000001,{arn},
            S-1000002,{arn},sandbox
            solution-3,{arn},
            S-1000004,arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-1,
            ,{arn},
            S-1000001,{other},
            S-1000001,{arn},
            S-1000005,{arn},Mars
            """);

        Assert.Equal(
            [(2, ""), (3, ""), (4, "Solution ID:INVALID_STRING_FORMAT"), (5, "Marketplace Solution ARN:INVALID_STRING_FORMAT"),
             (6, "Solution ID:REQUIRED_FIELD_MISSING"), (7, "Solution ID:INVALID_VALUE"), (8, ""), (9, "Catalog:INVALID_VALUE")],
            rows.Select(r => (r.Line, string.Join(";", r.Errors.Select(e => $"{e.Field}:{e.Code}")))));
        Assert.Equal(new SolutionMapping("AWS", "S-1000001", arn, 2), rows[0].Mapping);
        Assert.Equal("Sandbox", rows[1].Mapping!.Catalog);
        Assert.Contains("already mapped to another Marketplace solution on line 2", rows[5].Errors[0].Message);
        Assert.All(rows, r => Assert.Null(r.Change));
    }

    [Theory]
    [InlineData("solution_id,marketplace_solution_arn,opportunity_id,entity_type,entity_id", "AMBIGUOUS_HEADERS")]
    [InlineData("solution_id,arn", "UNKNOWN_HEADERS")]
    public async Task OpenAsync_RejectsAMapHeader_ThatIsAmbiguousOrIncomplete(string header, string code)
    {
        await using var parser = await OpenAsync(header + "\nS-1000001,x\n");

        Assert.Equal(code, parser.Header.Rejection?.Code);
    }

    [Fact]
    public async Task OpenAsync_ReportsHeaderAsWritten_WhenHeaderHasBomAndUnknownColumns()
    {
        await using var parser = await OpenAsync("\uFEFFOpportunity ID,Email,First Name,Last Name,Business Title,Team\nO1,a@example.com,A,B,C,x\n");

        Assert.Equal(["Opportunity ID", "Email", "First Name", "Last Name", "Business Title", "Team"], parser.OriginalHeader);
        Assert.Equal(CsvKind.Assignments, parser.Header.Kind);
        Assert.Equal(["Team"], parser.Header.IgnoredColumns);
    }

    [Fact]
    public async Task NextAsync_KeepsOriginalValuesAndNamesRule_WhenRowsHaveWrongCellCountsOrBadQuotes()
    {
        var rows = await ParseAsync("""
            opportunity_id,entity_type,entity_id
            O1,solution
            O2,solution,S-2,extra
            O3,solution,S-3,,,
            O4,sol"ution,S-4
            O5,"solution"s,S-5
            O6,"solution,S-6
            O7,solution,S-7
            """);

        Assert.Equal(
            [(2, "MISSING_CELLS"), (3, "TOO_MANY_CELLS"), (4, ""), (5, "BAD_QUOTING"), (6, "BAD_QUOTING"), (7, "BAD_QUOTING")],
            rows.Select(r => (r.Line, r.Errors.Select(e => e.Code).SingleOrDefault() ?? "")));
        Assert.Equal(["O2", "solution", "S-2", "extra"], rows[1].Values);
        Assert.All(rows.Where(r => r.Change is null), r => Assert.Equal("(row)", r.Errors[0].Field));
        // The unclosed quote swallows the rest of the file into one reported row: nothing after it is silently lost.
        Assert.Equal("O6", rows[5].Values[0]);
        Assert.StartsWith("solution,S-6\nO7,solution,S-7", rows[5].Values[1]);
    }

    [Fact]
    public async Task NextAsync_ThrowsUnreadable_WhenUnclosedQuoteRunsPastRecordLimit()
    {
        var text = "opportunity_id,entity_type,entity_id\nO1,solution,S-1\nO2,\"" + new string('x', CsvFileParser.MaxRecordBytes + 200_000) + "\n";
        await using var parser = await OpenAsync(text);

        Assert.NotNull(await parser.NextAsync(CancellationToken.None));
        var e = await Assert.ThrowsAsync<CsvUnreadableException>(async () => await parser.NextAsync(CancellationToken.None));

        Assert.Equal(("RECORD_TOO_LARGE", 3), (e.Rejection.Code, e.Rejection.Line));
    }

    [Fact]
    public async Task NextAsync_ReturnsNull_WhenOnlyHeaderAndBlankRows()
    {
        var rows = await ParseAsync("opportunity_id,entity_type,entity_id\r\n\r\n , ,\r\n");

        Assert.Empty(rows);
    }

    private static async Task<CsvFileParser> OpenAsync(string text, bool bom = false)
    {
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        // Larger than one CsvHelper buffer for the long-record case, so the limit is checked while reading.
        return await CsvFileParser.OpenAsync(new ChunkedStream(bytes), "AWS", CancellationToken.None);
    }

    private static async Task<List<ParsedRow>> ParseAsync(string text, bool bom = false)
    {
        await using var parser = await OpenAsync(text, bom);
        Assert.Null(parser.Header.Rejection);
        var rows = new List<ParsedRow>();
        while (await parser.NextAsync(CancellationToken.None) is { } row)
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A non-seekable stream that hands out at most 4 KiB per read, like a network upload.</summary>
    private sealed class ChunkedStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 4096), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
