namespace Connector.Sources;

/// <summary>Counts of one import, the errors kept for display, and the report (opened on the first bad row).</summary>
internal sealed class ImportTally(string? reportPath, IReadOnlyList<string> originalHeader) : IAsyncDisposable
{
    public const int MaxErrorsShown = 1000;

    private readonly List<RowError> _shown = [];
    private ErrorReportWriter? _report;

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public IReadOnlyList<RowError> Shown => _shown;

    /// <summary>The report, once a row was rejected (and a report location was given).</summary>
    public string? ReportPath { get; private set; }

    public void Accept() => Accepted++;

    public void Reject(IReadOnlyList<RowError> errors, IReadOnlyList<string> originalValues)
    {
        Rejected++;
        if (reportPath is not null)
        {
            _report ??= ErrorReportWriter.Create(reportPath, originalHeader);
            ReportPath = reportPath;
            foreach (var error in errors)
            {
                _report.Write(error, originalValues);
            }
        }

        foreach (var error in errors.Take(MaxErrorsShown - _shown.Count))
        {
            _shown.Add(error);
        }
    }

    /// <summary>Closes the report; safe to call again (the importer closes it before committing, and on the way out).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_report is { } report)
        {
            _report = null;
            await report.DisposeAsync().ConfigureAwait(false);
        }
    }
}
