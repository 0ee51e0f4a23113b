namespace Connector.Sources;

/// <summary>An earlier import of the same bytes.</summary>
internal sealed class ExistingImportRow
{
    public long Id { get; set; }

    public DateTime ReceivedAt { get; set; }
}
