using System.Text;
using Connector.Sources;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.IntegrationTests.Sources;

// Test queries use plain (reflection) Dapper; the Dapper.AOT analyzer that flows in from the library only says so.
#pragma warning disable DAP005

/// <summary>A CsvImporter over a test class's database, a private temp folder, and what the tests ask the database.</summary>
internal sealed class SourcesHarness : IAsyncDisposable
{
    private SourcesHarness(string connectionString, SourcesOptions options)
    {
        DataSource = NpgsqlDataSource.Create(connectionString);
        Folder = Directory.CreateTempSubdirectory("connector-sources-").FullName;
        Options = options;
        options.CsvDropFolder = Path.Combine(Folder, "drop");
        Logger = new RecordingLogger<CsvImporter>();
        Importer = new CsvImporter(Microsoft.Extensions.Options.Options.Create(options), DataSource, TimeProvider.System, Logger);
    }

    public NpgsqlDataSource DataSource { get; }

    public string Folder { get; }

    public SourcesOptions Options { get; }

    public CsvImporter Importer { get; }

    public RecordingLogger<CsvImporter> Logger { get; }

    public static readonly ImportRequest Cli = new(DryRun: false, ImportChannel.Cli, "tester", ReportDirectory: null);

    /// <summary>Starts each test from empty staging tables (tests of a class share its database).</summary>
    public static async Task<SourcesHarness> StartAsync(string connectionString, SourcesOptions? options = null)
    {
        var harness = new SourcesHarness(connectionString, options ?? new SourcesOptions());
        await using var connection = await harness.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("truncate connector.crm_changes, connector.imports restart identity cascade");
        return harness;
    }

    private DropFolderPoller? _poller;

    /// <summary>This server's poller (one instance, as the host's singleton: it remembers what its last poll saw).</summary>
    public DropFolderPoller Poller() => _poller ??= NewPoller();

    /// <summary>Another server's poller.</summary>
    public DropFolderPoller NewPoller(TimeProvider? time = null) =>
        new(Microsoft.Extensions.Options.Options.Create(Options), Importer, time ?? TimeProvider.System, new RecordingLogger<DropFolderPoller>(), []);

    public string Write(string name, string content, bool bom = false) =>
        WriteBytes(name, (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(content)).ToArray());

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public Task<ImportResult> ImportAsync(string path, ImportRequest? request = null) =>
        Importer.ImportFileAsync(path, request ?? Cli, CancellationToken.None);

    public async Task<List<StagedRow>> StagedAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<StagedRow>("""
            select id, change_type as ChangeType, catalog, opportunity_id as OpportunityId, entity_type as EntityType, entity_id as EntityId,
                   assignee_email as AssigneeEmail, assignee_first_name as AssigneeFirstName, assignee_last_name as AssigneeLastName,
                   assignee_business_title as AssigneeBusinessTitle, assignee_phone as AssigneePhone, changed_at as ChangedAt,
                   status, import_id as ImportId, source_line as SourceLine
            from connector.crm_changes order by id
            """)).ToList();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        // Table names come from the tests themselves, never from input.
        return await connection.ExecuteScalarAsync<long>($"select count(*) from connector.{table}");
    }

    public async Task<List<ImportRow>> ImportsAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<ImportRow>("""
            select id, file_name as FileName, content_sha256 as ContentSha256, kind, received_via as ReceivedVia, received_by as ReceivedBy,
                   outcome, rows_accepted as RowsAccepted, rows_rejected as RowsRejected, detail
            from connector.imports order by id
            """)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    public sealed class StagedRow
    {
        public long Id { get; set; }
        public string? ChangeType { get; set; }
        public string? Catalog { get; set; }
        public string? OpportunityId { get; set; }
        public string? EntityType { get; set; }
        public string? EntityId { get; set; }
        public string? AssigneeEmail { get; set; }
        public string? AssigneeFirstName { get; set; }
        public string? AssigneeLastName { get; set; }
        public string? AssigneeBusinessTitle { get; set; }
        public string? AssigneePhone { get; set; }
        public DateTime ChangedAt { get; set; }
        public string? Status { get; set; }
        public long? ImportId { get; set; }
        public int? SourceLine { get; set; }
    }

    public sealed class ImportRow
    {
        public long Id { get; set; }
        public string? FileName { get; set; }
        public string? ContentSha256 { get; set; }
        public string? Kind { get; set; }
        public string? ReceivedVia { get; set; }
        public string? ReceivedBy { get; set; }
        public string? Outcome { get; set; }
        public int RowsAccepted { get; set; }
        public int RowsRejected { get; set; }
        public string? Detail { get; set; }
    }
}
