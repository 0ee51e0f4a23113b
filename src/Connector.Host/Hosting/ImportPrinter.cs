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
            output.WriteLine($"  kind: {result.Kind}; {result.RowsAccepted} row(s) accepted, {result.RowsRejected} rejected");
        }

        foreach (var error in result.Errors.Take(RowsShown))
        {
            output.WriteLine($"  line {error.Line}: {error.Field}: {error.Message} ({error.Code})");
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
}
