using System.Text;
using Connector.Sources;

namespace Connector.Tests.Sources;

public sealed class ErrorReportWriterTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.errors.csv");

    [Fact]
    public async Task Write_NeutralisesFormulaCells_WhenValuesStartWithSpreadsheetTriggers()
    {
        await using (var report = ErrorReportWriter.Create(_path, ["opportunity_id", "=cmd"]))
        {
            report.Write(new RowError(3, "email", "INVALID_STRING_FORMAT", "Email must be valid."),
                ["=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "plain", "Zoë"]);
        }

        var text = await File.ReadAllTextAsync(_path, Encoding.UTF8);
        var lines = text.Split("\r\n");
        Assert.Equal("line,field,rule,opportunity_id,\"'=cmd\"", lines[0]);
        Assert.StartsWith("3,email,INVALID_STRING_FORMAT: Email must be valid.,\"'=HYPERLINK(\"\"http://evil\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",", lines[1]);
        Assert.Contains("\"'\tTab\"", text);
        Assert.Contains(",plain,Zoë", text);
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync(_path))[..3]);
    }

    public void Dispose() => File.Delete(_path);
}
