using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Operations;

/// <summary>Account state written straight into the connector's tables, as the sync leaves it, for the operations
/// tests to read back through the endpoints and compare with the database.</summary>
internal static class OperationsSeed
{
    /// <summary>Five changes (pending, deferred, three failed of two error types), two of them queued, and attempts: writes ok, throttled,
    /// refused, still sending; one read.</summary>
    public static async Task AccountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status, error_type) values
                ('associate', 'O100', 'AwsProducts', 'AWSAmplify', 'pending', null),
                ('associate', 'O101', 'AwsProducts', 'AWSAmplify', 'deferred', null),
                ('assign', 'O102', null, null, 'failed', 'ValidationException'),
                ('assign', 'O103', null, null, 'failed', 'ValidationException'),
                ('associate', 'O104', 'AwsProducts', 'AWSAmplify', 'failed', 'ResourceNotFoundException');
            insert into connector.send_queue (change_id, catalog, opportunity_id, operation, change_key, priority, not_before)
            select id, 'AWS', opportunity_id, 'AssociateOpportunity', 'k' || id, 0, now() + case when status = 'deferred' then interval '5 hours' else interval '0' end
              from connector.crm_changes where status in ('pending', 'deferred');
            insert into connector.attempts (operation, is_write, catalog, opportunity_id, slot_at, finished_at, outcome, http_status, error_type) values
                ('AssociateOpportunity', true, 'AWS', 'O1', now() - interval '1 hour', now(), 'ok', 200, null),
                ('AssociateOpportunity', true, 'AWS', 'O2', now() - interval '2 hours', now(), 'ok', 200, null),
                ('AssociateOpportunity', true, 'AWS', 'O3', now() - interval '30 hours', now(), 'ok', 200, null),
                ('AssociateOpportunity', true, 'AWS', 'O4', now() - interval '1 minute', now(), 'error', 429, 'ThrottlingException'),
                ('AssignOpportunity', true, 'AWS', 'O5', now() - interval '1 minute', now(), 'error', 400, 'ValidationException'),
                ('AssignOpportunity', true, 'AWS', 'O6', now(), null, 'sending', null, null),
                ('GetOpportunity', false, 'AWS', 'O7', now(), now(), 'ok', 200, null);
            """);
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
