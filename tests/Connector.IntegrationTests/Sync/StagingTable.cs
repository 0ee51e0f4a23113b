using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Sync;

/// <summary>Writes staging rows and ledger facts the way a CRM and earlier syncs would, and reads statuses back.</summary>
internal sealed class StagingTable(string connectionString)
{
    /// <summary>Empties the connector's tables and resets the pace: a test class's fresh start on its own database.</summary>
    public Task ResetAsync() => ExecuteAsync(
        """
        truncate connector.crm_changes, connector.send_queue, connector.attempts, connector.ledger_associations,
                 connector.ledger_opportunities, connector.sync_runs, connector.imports cascade;
        update connector.pace set next_write_slot = now(), next_read_slot = now(), throttle_streak = 0, paused_reason = null, paused_at = null;
        """);

    public async Task<long> AssociateAsync(string opportunity, string entityType, string entityId, int secondsAgo = 0, string change = "associate", string catalog = "AWS")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(
            """
            insert into connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, changed_at)
            values (@change, @catalog, @opportunity, @entityType, @entityId, now() - make_interval(secs => @secondsAgo)) returning id
            """,
            new { change, catalog, opportunity, entityType, entityId, secondsAgo });
    }

    public Task<long> DisassociateAsync(string opportunity, string entityType, string entityId, int secondsAgo = 0) =>
        AssociateAsync(opportunity, entityType, entityId, secondsAgo, "disassociate");

    public async Task<long> AssignAsync(string opportunity, string email, string first = "Ana", string last = "Lima", string title = "PartnerAccountManager", string? phone = null, int secondsAgo = 0)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(
            """
            insert into connector.crm_changes (change_type, catalog, opportunity_id, assignee_email, assignee_first_name,
                                               assignee_last_name, assignee_business_title, assignee_phone, changed_at)
            values ('assign', 'AWS', @opportunity, @email, @first, @last, @title, @phone, now() - make_interval(secs => @secondsAgo)) returning id
            """,
            new { opportunity, email, first, last, title, phone, secondsAgo });
    }

    public async Task LedgerAssociationAsync(string opportunity, string entityType, string entityId, bool associated)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            """
            insert into connector.ledger_associations (catalog, opportunity_id, entity_type, entity_id, associated, learned_at, learned_from)
            values ('AWS', @opportunity, @entityType, @entityId, @associated, now(), 'write')
            """,
            new { opportunity, entityType, entityId, associated });
    }

    public async Task LedgerAssigneeAsync(string opportunity, string email, string first = "Ana", string last = "Lima", string title = "PartnerAccountManager")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            """
            insert into connector.ledger_opportunities (catalog, opportunity_id, assignee_email, assignee_first_name, assignee_last_name,
                                                        assignee_business_title, assignee_learned_at)
            values ('AWS', @opportunity, @email, @first, @last, @title, now())
            """,
            new { opportunity, email, first, last, title });
    }

    public async Task<(string Status, string? Detail)> StatusAsync(long id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<(string, string?)>("select status, status_detail from connector.crm_changes where id = @id", new { id });
    }

    public async Task<long?> RunIdAsync(long id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<long?>("select run_id from connector.crm_changes where id = @id", new { id });
    }

    public async Task<IReadOnlyList<QueueRow>> QueueAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<QueueRow>(
            "select change_id as ChangeId, operation as Operation, priority as Priority, read_first as ReadFirst, not_before > now() as Deferred from connector.send_queue order by priority, change_id")).ToList();
    }

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(sql, args);
    }

    internal sealed record QueueRow(long ChangeId, string Operation, short Priority, bool ReadFirst, bool Deferred);
}
