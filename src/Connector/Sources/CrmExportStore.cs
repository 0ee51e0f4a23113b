using Dapper;
using Npgsql;

namespace Connector.Sources;

/// <summary>Writes changes into <c>connector.crm_changes</c> the way a CRM's export job does: straight into the
/// staging table, with no import id or file line (the demo's sample data).</summary>
public sealed class CrmExportStore(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        insert into connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, assignee_email,
                                           assignee_first_name, assignee_last_name, assignee_business_title, assignee_phone, changed_at)
        select *
          from unnest(@changeTypes, @catalogs, @opportunities, @entityTypes, @entityIds, @emails, @firstNames, @lastNames, @titles, @phones, @changedAt)
        """;

    /// <returns>The rows staged.</returns>
    public async Task<int> StageAsync(IReadOnlyList<CrmExportRow> rows, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            changeTypes = rows.Select(r => r.ChangeType).ToArray(),
            catalogs = rows.Select(r => r.Catalog).ToArray(),
            opportunities = rows.Select(r => r.OpportunityId).ToArray(),
            entityTypes = rows.Select(r => r.EntityType).ToArray(),
            entityIds = rows.Select(r => r.EntityId).ToArray(),
            emails = rows.Select(r => r.AssigneeEmail).ToArray(),
            firstNames = rows.Select(r => r.AssigneeFirstName).ToArray(),
            lastNames = rows.Select(r => r.AssigneeLastName).ToArray(),
            titles = rows.Select(r => r.AssigneeBusinessTitle).ToArray(),
            phones = rows.Select(r => r.AssigneePhone).ToArray(),
            changedAt = rows.Select(r => r.ChangedAt.UtcDateTime).ToArray(),
        }, cancellationToken: ct));
    }
}

/// <summary>One row of a CRM export, as <see cref="CrmExportStore"/> stages it.</summary>
public sealed record CrmExportRow(
    string ChangeType,
    string Catalog,
    string OpportunityId,
    DateTimeOffset ChangedAt,
    string? EntityType = null,
    string? EntityId = null,
    string? AssigneeEmail = null,
    string? AssigneeFirstName = null,
    string? AssigneeLastName = null,
    string? AssigneeBusinessTitle = null,
    string? AssigneePhone = null);
