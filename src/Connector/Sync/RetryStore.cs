using Connector.Changes;
using Npgsql;

namespace Connector.Sync;

/// <summary>Requeues failed changes. They go back to pending, so the next plan re-checks them against the
/// ledger: a change Partner Central meanwhile has is settled as unchanged, not sent again.</summary>
public sealed class RetryStore(NpgsqlDataSource dataSource, ChangeRecorder recorder)
{
    /// <summary>Requeues one failed change (<paramref name="id"/>), one error type's (<c>crm_changes.error_type</c>),
    /// or all; returns how many.</summary>
    public async Task<int> RequeueFailedAsync(long? id, string? errorType, string requestedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await recorder.RequeueFailedAsync(connection, id, errorType, requestedBy, cancellationToken);
    }
}
