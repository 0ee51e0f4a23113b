namespace Connector.Sources;

/// <summary>Thrown inside the staging transaction when the file turns out unreadable part-way (a record too large
/// to be a row); caught outside it, after the rollback, and reported as a whole-file rejection.</summary>
internal sealed class CsvUnreadableException(FileRejection rejection, Exception inner) : Exception(rejection.Message, inner)
{
    public FileRejection Rejection { get; } = rejection;
}
