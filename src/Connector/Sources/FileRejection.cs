namespace Connector.Sources;

/// <summary>Why a file is rejected as a whole: a code for scripts and the report, a message for people.</summary>
internal sealed record FileRejection(string Code, string Message, int Line = 0)
{
    public const string TooLarge = "FILE_TOO_LARGE";
    public const string Empty = "EMPTY_FILE";
    public const string Binary = "BINARY_FILE";
    public const string NotUtf8 = "NOT_UTF8";
    public const string WrongDelimiter = "WRONG_DELIMITER";
    public const string DuplicateHeaders = "DUPLICATE_HEADERS";
    public const string UnknownHeaders = "UNKNOWN_HEADERS";
    public const string AmbiguousHeaders = "AMBIGUOUS_HEADERS";
    public const string HeaderOnly = "HEADER_ONLY";
    public const string RecordTooLarge = "RECORD_TOO_LARGE";
    public const string NoRowAccepted = "NO_ROW_ACCEPTED";
    public const string AlreadyImported = "ALREADY_IMPORTED";
    public const string NotARegularFile = "NOT_A_REGULAR_FILE";
    public const string WrongKind = "WRONG_KIND";
}
