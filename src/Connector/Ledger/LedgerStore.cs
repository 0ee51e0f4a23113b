using Connector.Database;
using Connector.PartnerCentral;
using Dapper;
using Npgsql;

namespace Connector.Ledger;

/// <summary>What Partner Central has, as far as the connector knows: written in the same transaction as the
/// outcome that taught it, either by a confirmed write or by reading the opportunity.</summary>
public sealed class LedgerStore
{
    private const string SetAssociationSql = """
        insert into connector.ledger_associations
               (catalog, opportunity_id, entity_type, entity_id, associated, learned_at, set_by_change_id, set_by_request_id, learned_from)
        values (@catalog, @opportunityId, @entityType, @entityId, @associated, now(), @changeId, @requestId, 'write')
        on conflict (catalog, opportunity_id, entity_type, entity_id) do update
           set associated = excluded.associated, learned_at = excluded.learned_at, set_by_change_id = excluded.set_by_change_id,
               set_by_request_id = excluded.set_by_request_id, learned_from = 'write'
        """;

    private const string SetAssigneeSql = """
        insert into connector.ledger_opportunities
               (catalog, opportunity_id, assignee_email, assignee_first_name, assignee_last_name, assignee_business_title,
                assignee_phone, assignee_learned_at, assignee_change_id, assignee_request_id)
        values (@catalog, @opportunityId, @email, @firstName, @lastName, @businessTitle, @phone, now(), @changeId, @requestId)
        on conflict (catalog, opportunity_id) do update
           set assignee_email = excluded.assignee_email, assignee_first_name = excluded.assignee_first_name,
               assignee_last_name = excluded.assignee_last_name, assignee_business_title = excluded.assignee_business_title,
               assignee_phone = excluded.assignee_phone, assignee_learned_at = excluded.assignee_learned_at,
               assignee_change_id = excluded.assignee_change_id, assignee_request_id = excluded.assignee_request_id
        """;

    // A read is the whole truth for the opportunity at that moment: listed entities are associated, every other
    // entity the ledger thought associated is not.
    private const string ApplyReadSql = """
        insert into connector.ledger_associations
               (catalog, opportunity_id, entity_type, entity_id, associated, learned_at, set_by_request_id, learned_from)
        select @catalog, @opportunityId, t.entity_type, t.entity_id, true, now(), @requestId, 'read'
          from unnest(@types, @ids) as t (entity_type, entity_id)
        on conflict (catalog, opportunity_id, entity_type, entity_id) do update
           set associated = true, learned_at = excluded.learned_at, set_by_change_id = null,
               set_by_request_id = excluded.set_by_request_id, learned_from = 'read';

        update connector.ledger_associations la
           set associated = false, learned_at = now(), set_by_change_id = null, set_by_request_id = @requestId, learned_from = 'read'
         where la.catalog = @catalog and la.opportunity_id = @opportunityId and la.associated
           and not exists (select 1 from unnest(@types, @ids) as t (entity_type, entity_id)
                            where t.entity_type = la.entity_type and t.entity_id = la.entity_id);

        insert into connector.ledger_opportunities (catalog, opportunity_id, read_at, read_request_id)
        values (@catalog, @opportunityId, now(), @requestId)
        on conflict (catalog, opportunity_id) do update
           set read_at = excluded.read_at, read_request_id = excluded.read_request_id;
        """;

    /// <summary>Learns from a confirmed write (or a read that showed the change already there): the association is
    /// now as the change set it, in the caller's transaction.</summary>
    public Task RecordAssociationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string catalog, string opportunityId, string entityType, string entityId, bool associated, long? changeId, string? requestId, CancellationToken cancellationToken) =>
        SqlBatch.ExecuteAsync(connection, transaction, [RecordAssociationCommand(catalog, opportunityId, entityType, entityId, associated, changeId, requestId)], cancellationToken);

    /// <summary>The same, as one command of the caller's batch.</summary>
    public NpgsqlBatchCommand RecordAssociationCommand(string catalog, string opportunityId, string entityType, string entityId, bool associated, long? changeId, string? requestId) =>
        SqlBatch.Command(SetAssociationSql,
            ("catalog", catalog), ("opportunityId", opportunityId), ("entityType", entityType), ("entityId", entityId),
            ("associated", associated), ("changeId", changeId), ("requestId", requestId));

    /// <summary>Learns the opportunity's assignee, as sent (normalised), in the caller's transaction.</summary>
    public Task RecordAssigneeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string catalog, string opportunityId, AssigneeContact assignee, long? changeId, string? requestId, CancellationToken cancellationToken) =>
        SqlBatch.ExecuteAsync(connection, transaction, [RecordAssigneeCommand(catalog, opportunityId, assignee, changeId, requestId)], cancellationToken);

    /// <summary>The same, as one command of the caller's batch.</summary>
    public NpgsqlBatchCommand RecordAssigneeCommand(string catalog, string opportunityId, AssigneeContact assignee, long? changeId, string? requestId) =>
        SqlBatch.Command(SetAssigneeSql,
            ("catalog", catalog), ("opportunityId", opportunityId), ("email", assignee.Email), ("firstName", assignee.FirstName),
            ("lastName", assignee.LastName), ("businessTitle", assignee.BusinessTitle), ("phone", assignee.Phone),
            ("changeId", changeId), ("requestId", requestId));

    public Task ApplyReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string catalog, string opportunityId, GetOpportunityResponse opportunity, CancellationToken cancellationToken)
    {
        var listed = RelatedEntityType.All
            .SelectMany(type => opportunity.RelatedEntityIdentifiers.For(type).Select(id => (Type: type, Id: id)))
            .ToList();
        return connection.ExecuteAsync(new CommandDefinition(ApplyReadSql, new
        {
            catalog,
            opportunityId,
            types = listed.Select(e => e.Type).ToArray(),
            ids = listed.Select(e => e.Id).ToArray(),
            requestId = opportunity.RequestId,
        }, transaction, cancellationToken: cancellationToken));
    }
}
