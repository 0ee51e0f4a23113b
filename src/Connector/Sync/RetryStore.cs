using Dapper;
using Npgsql;

namespace Connector.Sync;

/// <summary>Requeues failed changes. They go back to pending, so the next plan re-checks them against the
/// ledger: a change Partner Central meanwhile has is settled as unchanged, not sent again.</summary>
public sealed class RetryStore(NpgsqlDataSource dataSource)
{
    private const string RequeueSql = """
        update connector.crm_changes
           set status = 'pending', status_detail = 'requeued by ' || @by || ' (was: ' || coalesce(status_detail, 'failed') || ')',
               processed_at = null
         where status = 'failed'
           and (@id::bigint is null or id = @id)
           and (@errorType::text is null or split_part(split_part(coalesce(status_detail, 'unknown'), ':', 1), ' ', 1) = @errorType)
        """;

    /// <summary>Requeues one failed change (<paramref name="id"/>), one error type's, or all; returns how many.</summary>
    public async Task<int> RequeueFailedAsync(long? id, string? errorType, string requestedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(RequeueSql, new { id, errorType, by = requestedBy }, cancellationToken: cancellationToken));
    }
}
