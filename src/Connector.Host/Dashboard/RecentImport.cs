namespace Connector.Host.Dashboard;

/// <summary>One file received (dropped, imported from the CLI or uploaded) and what became of its rows since.</summary>
public sealed class RecentImport
{
    public long Id { get; init; }

    public string FileName { get; init; } = string.Empty;

    public string ReceivedVia { get; init; } = string.Empty;

    public string? ReceivedBy { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string Outcome { get; init; } = string.Empty;

    public int RowsAccepted { get; init; }

    public int RowsRejected { get; init; }

    public string? Detail { get; init; }

    /// <summary>The file's staged rows by current status (<c>crm_changes.import_id</c>).</summary>
    public IReadOnlyDictionary<string, int> Statuses { get; set; } = new Dictionary<string, int>();
}
