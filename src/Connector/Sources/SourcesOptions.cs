namespace Connector.Sources;

/// <summary>Configuration section <c>Sources</c>: where CSV files are dropped and how they are read.</summary>
public sealed class SourcesOptions
{
    public const string SectionName = "Sources";

    /// <summary>Folder polled for <c>*.csv</c> files; <c>processing/</c>, <c>processed/</c> and <c>rejected/</c> live inside it.</summary>
    public string CsvDropFolder { get; set; } = "./drop";

    /// <summary>Catalog for CSV rows that do not name one.</summary>
    public string DefaultCatalog { get; set; } = "AWS";

    /// <summary>Largest upload accepted by <see cref="CsvImporter.ImportStreamAsync"/> (dashboard uploads); files
    /// imported by path (CLI, drop folder) are streamed and have no size limit.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>A dropped file is left alone until it has not been written to for this long (it may still be copying).</summary>
    public TimeSpan FileSettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A file left in <c>processing/</c> this long was claimed by a server that died; another server takes it over.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
