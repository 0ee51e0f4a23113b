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
    /// <remarks>Synchronous on purpose: a row goes into Npgsql's write buffer and only every few hundred rows
    /// does a write reach the socket, so thirteen awaited calls per row cost far more than the rare blocking
    /// flush (profiled: about a third of the importer's CPU went to the awaits).</remarks>
    public static void Write(NpgsqlBinaryImporter copy, CsvChangeRow change, long importId, DateTime changedAt)
    {
        copy.StartRow();
        WriteText(copy, change.ChangeType);
        WriteText(copy, change.Catalog);
        WriteText(copy, change.OpportunityId);
        WriteText(copy, change.EntityType);
        WriteText(copy, change.EntityId);
        WriteText(copy, change.AssigneeEmail);
        WriteText(copy, change.AssigneeFirstName);
        WriteText(copy, change.AssigneeLastName);
        WriteText(copy, change.AssigneeBusinessTitle);
        WriteText(copy, change.AssigneePhone);
        copy.Write(changedAt, NpgsqlDbType.TimestampTz);
        copy.Write(importId, NpgsqlDbType.Bigint);
        copy.Write(change.SourceLine, NpgsqlDbType.Integer);
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }
}
