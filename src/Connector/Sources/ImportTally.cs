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

    public string? ReportPath => _report?.Path;

    public void Accept() => Accepted++;

    public void Reject(IReadOnlyList<RowError> errors, IReadOnlyList<string> originalValues)
    {
        Rejected++;
        if (reportPath is not null)
        {
            _report ??= ErrorReportWriter.Create(reportPath, originalHeader);
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

    public async ValueTask DisposeAsync()
    {
        if (_report is not null)
        {
            await _report.DisposeAsync().ConfigureAwait(false);
        }
    }
}
