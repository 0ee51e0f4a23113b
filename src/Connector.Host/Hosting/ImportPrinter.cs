using Connector.Sources;

namespace Connector.Host.Hosting;

/// <summary>What an import did, for people: counts, the first bad rows, where the full report is.</summary>
public static class ImportPrinter
{
    private const int RowsShown = 20;

    public static void Print(string file, ImportResult result, TextWriter output)
    {
        output.WriteLine($"{file}: {result.Message}");
        if (result.Kind is not null)
        {
            output.WriteLine($"  kind: {result.Kind}; {Rows(result.RowsAccepted)} accepted, {result.RowsRejected} rejected");
        }

        foreach (var error in result.Errors.Take(RowsShown))
        {
            // A rule about the whole file has no line: say "file", never "line 0".
            output.WriteLine(error.Line <= 0 || error.Field == "(file)"
                ? $"  file: {error.Message} ({error.Code})"
                : $"  line {error.Line}: {error.Field}: {error.Message} ({error.Code})");
        }

        if (result.Errors.Count > RowsShown)
        {
            output.WriteLine($"  ... and {result.RowsRejected - RowsShown} more");
        }

        if (result.IgnoredColumns.Count > 0)
        {
            output.WriteLine($"  ignored columns: {string.Join(", ", result.IgnoredColumns)}");
        }

        if (result.ReportPath is not null)
        {
            output.WriteLine($"  row-error report: {result.ReportPath}");
        }
    }

    private static string Rows(int count) => count == 1 ? "1 row" : $"{count} rows";
}
