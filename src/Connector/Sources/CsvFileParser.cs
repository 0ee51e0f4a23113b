using CsvHelper;

namespace Connector.Sources;

/// <summary>Reads a CSV file record by record (streamed; CsvHelper's source-generated row mappers) and checks each
/// one: cell count, quoting, then the kind's row rules. Knows nothing of the database, so it is tested on its own.</summary>
internal sealed class CsvFileParser : IAsyncDisposable
{
    // A sales-ops row is well under a kilobyte: a record this long is a quote that is never closed, or not CSV.
    public const int MaxRecordBytes = 1024 * 1024;

    private readonly CsvReader _reader;
    private readonly string _defaultCatalog;

    // Reused from row to row: a good row (nearly all of them) then allocates only its values and its change.
    private readonly List<RowError> _errors = [];
    private readonly AssociationRow _associationRow = new();
    private readonly AssignmentRow _assignmentRow = new();
    private readonly SolutionMapRow _solutionMapRow = new();
    private readonly Dictionary<(string Catalog, string SolutionId), SolutionMapping> _mapped = [];
    private MalformedRecord? _malformed;

    private CsvFileParser(Stream content, string defaultCatalog)
    {
        _defaultCatalog = defaultCatalog;
        _reader = CsvReader.Create(content, new CsvReaderOptions
        {
            // Never guess: a ';' file is reported as such instead of being read with the wrong separator.
            Separator = ',',
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            NormalizeHeaderName = CsvColumnName.Normalise,
            OnMalformedRecord = record => _malformed = new MalformedRecord(record.LineNumber, record.Reason),
        }, leaveOpen: true);
    }

    public CsvHeader Header { get; private set; } = null!;

    /// <summary>The header as written in the file (also when it was rejected).</summary>
    public IReadOnlyList<string> OriginalHeader => _reader.Headers;

    /// <summary>Reads and analyses the header; check <see cref="CsvHeader.Rejection"/> before reading rows.</summary>
    /// <exception cref="CsvUnreadableException">The header record is longer than <see cref="MaxRecordBytes"/>.</exception>
    public static async Task<CsvFileParser> OpenAsync(Stream content, string defaultCatalog, CancellationToken ct)
    {
        var parser = new CsvFileParser(content, defaultCatalog);
        try
        {
            await parser.ReadHeaderAsync(ct).ConfigureAwait(false);
            return parser;
        }
        catch
        {
            await parser.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The next record that is not blank (blank lines and rows of empty cells are skipped), or null at the end.</summary>
    /// <exception cref="CsvUnreadableException">A record is longer than <see cref="MaxRecordBytes"/>.</exception>
    public async ValueTask<ParsedRow?> NextAsync(CancellationToken ct)
    {
        while (await ReadAsync(ct).ConfigureAwait(false))
        {
            if (!IsBlank())
            {
                var line = checked((int)_reader.LineNumber);
                _errors.Clear();
                if (!CheckCells(line, _errors))
                {
                    return new ParsedRow(line, null, _errors.ToArray(), Values());
                }

                if (Header.Kind == CsvKind.SolutionMap)
                {
                    _reader.GetRecord(_solutionMapRow);
                    var mapping = SolutionMapRowValidator.Check(_solutionMapRow, Header, _defaultCatalog, line, _errors, _mapped);
                    return mapping is not null ? new ParsedRow(line, null, [], [], mapping) : new ParsedRow(line, null, _errors.ToArray(), Values());
                }

                var change = Check(line, _errors);
                return change is not null ? new ParsedRow(line, change, [], []) : new ParsedRow(line, null, _errors.ToArray(), Values());
            }
        }

        return null;
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private async Task ReadHeaderAsync(CancellationToken ct)
    {
        try
        {
            await _reader.ReadHeaderAsync(ct).ConfigureAwait(false);
        }
        catch (CsvFormatException e)
        {
            throw Unreadable(e);
        }

        Header = CsvHeader.Analyse(_reader.Headers);
    }

    private async ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        try
        {
            return await _reader.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (CsvFormatException e)
        {
            throw Unreadable(e);
        }
    }

    // Cell count and quoting, whatever the kind.
    private bool CheckCells(int line, List<RowError> errors)
    {
        if (_malformed is { } bad && bad.Line == line)
        {
            errors.Add(new RowError(line, RowRule.WholeRow, RowRule.BadQuoting, bad.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "A quoted cell is never closed: everything from here to the end of the file was read as one row.",
                CsvMalformedReason.TextAfterClosingQuote => "Text follows the closing quote of a cell; quote the whole cell and double any quote inside it (\"\").",
                _ => "A quote character inside an unquoted cell; quote the cell and double the quote inside it (\"\").",
            }));
            return false;
        }

        if (_reader.FieldCount < Header.ColumnCount)
        {
            errors.Add(new RowError(line, RowRule.WholeRow, RowRule.MissingCells,
                $"The row has {_reader.FieldCount} cells; the header has {Header.ColumnCount}."));
            return false;
        }

        for (var i = Header.ColumnCount; i < _reader.FieldCount; i++)
        {
            // Trailing empty cells (a spreadsheet's stray commas) are harmless; values without a column are not.
            if (!IsBlank(_reader.GetSpan(i)))
            {
                errors.Add(new RowError(line, RowRule.WholeRow, RowRule.TooManyCells,
                    $"The row has {_reader.FieldCount} cells; the header has {Header.ColumnCount}. A value with no column is probably a comma that should be quoted."));
                return false;
            }
        }

        return true;
    }

    private CsvChangeRow? Check(int line, List<RowError> errors)
    {
        if (Header.Kind == CsvKind.Associations)
        {
            _reader.GetRecord(_associationRow);
            return AssociationRowValidator.Check(_associationRow, Header, _defaultCatalog, line, errors);
        }

        _reader.GetRecord(_assignmentRow);
        return AssignmentRowValidator.Check(_assignmentRow, Header, _defaultCatalog, line, errors);
    }

    private bool IsBlank()
    {
        for (var i = 0; i < _reader.FieldCount; i++)
        {
            if (!IsBlank(_reader.GetSpan(i)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.IndexOfAnyExcept(" \t"u8) < 0;

    private string[] Values()
    {
        var values = new string[_reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _reader.GetString(i);
        }

        return values;
    }

    private static CsvUnreadableException Unreadable(CsvFormatException e)
    {
        var line = (int)Math.Min(int.MaxValue, e.LineNumber);
        return new CsvUnreadableException(new FileRejection(FileRejection.RecordTooLarge,
            $"The record starting on line {line} is longer than {MaxRecordBytes / 1024} KB: probably a quote that is never closed.", line), e);
    }

    private readonly record struct MalformedRecord(long Line, CsvMalformedReason Reason);
}
