using CsvHelper;

namespace Connector.Sources;

/// <summary>Writes <c>&lt;name&gt;.errors.csv</c>: line, field, rule, then the row's original values. Opened in
/// spreadsheets, so any cell starting with = + - @, a tab or a CR gets a leading ' (CsvHelper's injection escape).</summary>
internal sealed class ErrorReportWriter : IAsyncDisposable
{
    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        // Excel reads a UTF-8 CSV without a BOM as the local code page and mangles non-ASCII names.
        WriteByteOrderMark = true,
        NewLine = "\r\n",
        // Rows may be shorter or longer than the header: that can be why they are in the report.
        ValidateFieldCount = false,
    };

    private readonly CsvWriter _writer;

    private ErrorReportWriter(CsvWriter writer) => _writer = writer;

    public string Path { get; private init; } = "";

    public static ErrorReportWriter Create(string path, IReadOnlyList<string> originalHeader)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var writer = CsvWriter.ToFile(path, Options);
        if (!OperatingSystem.IsWindows())
        {
            // Before any row is written: the report repeats the rejected rows' values, which may be contact details.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        writer.WriteRecord(["line", "field", "rule", .. originalHeader]);
        return new ErrorReportWriter(writer) { Path = path };
    }

    public void Write(RowError error, IReadOnlyList<string> originalValues)
    {
        _writer.WriteRecord([error.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Field, $"{error.Code}: {error.Message}", .. originalValues]);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
