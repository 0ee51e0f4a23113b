namespace Connector.Sources;

/// <summary>What a file's header row says: its kind, the columns as written, the ones we ignore — or why the
/// file cannot be read at all.</summary>
internal sealed class CsvHeader
{
    private static readonly char[] OtherDelimiters = [';', '\t', '|'];

    private static readonly HashSet<string> KnownColumns = CsvColumnName.AssociationRequired.Concat(CsvColumnName.AssociationOptional)
        .Concat(CsvColumnName.AssignmentRequired).Concat(CsvColumnName.AssignmentOptional)
        .Concat(CsvColumnName.SolutionMapRequired)
        .Select(CsvColumnName.Normalise).ToHashSet(StringComparer.Ordinal);

    private readonly Dictionary<string, string> _written;

    private CsvHeader(string? kind, Dictionary<string, string> written, IReadOnlyList<string> ignored, FileRejection? rejection, int columnCount)
    {
        Kind = kind;
        _written = written;
        IgnoredColumns = ignored;
        Rejection = rejection;
        ColumnCount = columnCount;
    }

    public string? Kind { get; }

    public IReadOnlyList<string> IgnoredColumns { get; }

    public FileRejection? Rejection { get; }

    public int ColumnCount { get; }

    /// <summary>How the file spells a column (e.g. <c>Opportunity ID</c> for opportunity_id), for the report.</summary>
    public string Written(string column) => _written.TryGetValue(CsvColumnName.Normalise(column), out var name) ? name : column;

    public static CsvHeader Analyse(IReadOnlyList<string> names)
    {
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        var ignored = new List<string>();
        if (names.Count == 0 || names.All(string.IsNullOrWhiteSpace))
        {
            return Rejected(new FileRejection(FileRejection.Empty, "The file has no header row (it is empty or blank)."), names.Count);
        }

        for (var i = 0; i < names.Count; i++)
        {
            var key = CsvColumnName.Normalise(names[i]);
            if (key.Length == 0)
            {
                // Spreadsheets export trailing blank columns; they are not duplicates of each other.
                ignored.Add($"(blank column {i + 1})");
                continue;
            }

            if (written.TryGetValue(key, out var first))
            {
                // Names are repeated only when they are ours: the header of a file that is not a CSV may be anything.
                var shown = KnownColumns.Contains(key) ? $"'{first}' and '{names[i]}' (column {i + 1})" : $"column {i + 1} repeats an earlier column";
                return Rejected(new FileRejection(FileRejection.DuplicateHeaders,
                    $"The header names the same column twice: {shown}. Remove one so it is clear which value counts.", 1), names.Count);
            }

            written[key] = names[i];
        }

        var isAssociations = CsvColumnName.AssociationRequired.All(c => written.ContainsKey(CsvColumnName.Normalise(c)));
        var isAssignments = CsvColumnName.AssignmentRequired.All(c => written.ContainsKey(CsvColumnName.Normalise(c)));
        var isSolutionMap = CsvColumnName.SolutionMapRequired.All(c => written.ContainsKey(CsvColumnName.Normalise(c)));
        if (isAssociations && isAssignments)
        {
            return Rejected(new FileRejection(FileRejection.AmbiguousHeaders,
                "The header has the columns of both kinds of file (entity_type/entity_id and email/first_name/...); put associations and assignments in separate files.", 1), names.Count);
        }

        if (isSolutionMap && (isAssociations || isAssignments))
        {
            return Rejected(new FileRejection(FileRejection.AmbiguousHeaders,
                "The header has the columns of a solution map (solution_id, marketplace_solution_arn) and of a change file; a map file has only solution_id, marketplace_solution_arn and catalog.", 1), names.Count);
        }

        if (!isAssociations && !isAssignments && !isSolutionMap)
        {
            return Rejected(DelimiterProblem(names) ?? UnknownHeaders(written), names.Count);
        }

        var (kind, columns) = isAssociations ? (CsvKind.Associations, CsvColumnName.AssociationRequired.Concat(CsvColumnName.AssociationOptional))
            : isAssignments ? (CsvKind.Assignments, CsvColumnName.AssignmentRequired.Concat(CsvColumnName.AssignmentOptional))
            : (CsvKind.SolutionMap, CsvColumnName.SolutionMapRequired.Concat(CsvColumnName.SolutionMapOptional));
        var known = columns
            .Select(CsvColumnName.Normalise)
            .ToHashSet(StringComparer.Ordinal);
        ignored.InsertRange(0, written.Where(w => !known.Contains(w.Key)).Select(w => w.Value));
        return new CsvHeader(kind, written, ignored, null, names.Count);
    }

    private static CsvHeader Rejected(FileRejection rejection, int columnCount) =>
        new(null, new Dictionary<string, string>(), [], rejection, columnCount);

    /// <summary>A header that only makes sense split at ';' (Excel in many locales), a tab or '|'.</summary>
    private static FileRejection? DelimiterProblem(IReadOnlyList<string> names)
    {
        var text = string.Join(",", names);
        var delimiter = OtherDelimiters
            .Select(d => (Delimiter: d, Count: text.Count(c => c == d)))
            .Where(d => d.Count > 0)
            .OrderByDescending(d => d.Count)
            .Select(d => (char?)d.Delimiter)
            .FirstOrDefault();
        if (delimiter is not { } found)
        {
            return null;
        }

        var shown = found switch { '\t' => "tab", _ => $"'{found}'" };
        return new FileRejection(FileRejection.WrongDelimiter,
            $"The file looks {shown}-separated; only comma-separated files are read. In Excel use Save As > 'CSV UTF-8 (Comma delimited)'.", 1);
    }

    private static FileRejection UnknownHeaders(Dictionary<string, string> written)
    {
        string Missing(IReadOnlyList<string> required) =>
            string.Join(", ", required.Where(c => !written.ContainsKey(CsvColumnName.Normalise(c))));

        return new FileRejection(FileRejection.UnknownHeaders,
            "The header row matches no kind of file. Associations need opportunity_id, entity_type, entity_id " +
            $"(missing: {Missing(CsvColumnName.AssociationRequired)}); assignments need opportunity_id, email, first_name, last_name, business_title " +
            $"(missing: {Missing(CsvColumnName.AssignmentRequired)}); a solution map (migrate-solutions) needs solution_id, marketplace_solution_arn.", 1);
    }
}
