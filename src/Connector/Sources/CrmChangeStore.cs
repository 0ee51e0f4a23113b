using Npgsql;
using NpgsqlTypes;

namespace Connector.Sources;

/// <summary>Stages good CSV rows into <c>connector.crm_changes</c> with binary COPY: fast, and streamed, so a
/// million rows never sit in memory. Runs inside the caller's transaction.</summary>
internal static class CrmChangeStore
{
    private const string CopySql = """
        copy connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id,
            assignee_email, assignee_first_name, assignee_last_name, assignee_business_title, assignee_phone,
            changed_at, import_id, source_line)
        from stdin (format binary)
        """;

    public static Task<NpgsqlBinaryImporter> BeginCopyAsync(NpgsqlConnection connection, CancellationToken ct) =>
        connection.BeginBinaryImportAsync(CopySql, ct);

    /// <summary>Every row of a file gets the same <paramref name="changedAt"/>; ids are assigned in file order,
    /// so (changed_at, id) orders the rows of a file and later rows win.</summary>
    public static async Task WriteAsync(NpgsqlBinaryImporter copy, StagedChange change, long importId, DateTime changedAt, CancellationToken ct)
    {
        await copy.StartRowAsync(ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.ChangeType, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.Catalog, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.OpportunityId, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.EntityType, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.EntityId, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.AssigneeEmail, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.AssigneeFirstName, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.AssigneeLastName, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.AssigneeBusinessTitle, ct).ConfigureAwait(false);
        await WriteTextAsync(copy, change.AssigneePhone, ct).ConfigureAwait(false);
        await copy.WriteAsync(changedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        await copy.WriteAsync(importId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        await copy.WriteAsync(change.SourceLine, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);
}
