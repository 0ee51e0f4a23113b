namespace Connector.Sources;

/// <summary>One broken rule: the physical line where the record starts (header = 1; 0 for the file as a whole),
/// the CSV column as written in the file's header (or <c>(row)</c> / <c>(file)</c>), the rule's code and why.
/// Never carries the cell's value: it may be an email or a phone number.</summary>
public sealed record RowError(int Line, string Field, string Code, string Message);
