using Connector.Database;
using Dapper;
using Npgsql;

namespace Connector.Changes;

/// <summary>The one writer of a change's life cycle as the CRM reads it back: <c>status</c>, <c>status_detail</c>,
/// <c>error_type</c>, <c>processed_at</c> and <c>request_id</c> of <c>connector.crm_changes</c>. Every statement runs in
/// the caller's transaction, next to the work it records. An outcome that more than one step reaches (deferred by the
/// budget, say, at planning or at sending) is worded here once.</summary>
public sealed class ChangeRecorder
{
    // "24 h write budget of 10000 used; eligible at 2026-12-03T10:00:00Z", over @budget and a deferred_until column.
    private const string DeferredDetail =
        $$"""'24 h write budget of ' || @budget || ' used; eligible at ' || to_char(deferred_until at time zone 'UTC', {{DetailStamp.Sql}})""";

    // A settled change (synced, unchanged, failed) leaves the send queue in the same round trip.
    private const string SettleSql = """
        update connector.crm_changes
           set status = @status, status_detail = @detail, error_type = @errorType, processed_at = now(),
               request_id = coalesce(@requestId, request_id)
         where id = @changeId
        """;

    private const string DequeueSql = "delete from connector.send_queue where change_id = @changeId";

    private const string RetryLaterSql = $$"""
        update connector.crm_changes
           set status = '{{ChangeStatus.Pending}}', status_detail = @detail, error_type = null, request_id = coalesce(@requestId, request_id)
         where id = @changeId
        """;

    private const string DeferSql = $$"""
        update connector.crm_changes
           set status = '{{ChangeStatus.Deferred}}', status_detail = {{DeferredDetail}}, error_type = null
          from (select @at::timestamptz as deferred_until) d
         where id = @changeId
        """;

    // A change leaving its run for a later one keeps its old run's credit (connector.run_credits): the run it failed
    // in still shows the failure, and the run that sends it again counts what it becomes.
    private const string CreditSql = """
        insert into connector.run_credits (run_id, status, changes)
        select run_id, status, count(*)::int from moved where run_id is not null group by run_id, status
            on conflict (run_id, status) do update set changes = connector.run_credits.changes + excluded.changes
        """;

    // Failed (or rejected) changes back to pending for the next plan: one, a set, one error type's, or all of them;
    // each keeps its old run's credit, and the plan's supersede step still lets only the latest change of a key be sent.
    private const string RequeueSql = $$"""
        with old as (
            select id, run_id, status from connector.crm_changes
             where status = @status
               and (@id::bigint is null or id = @id)
               and (@ids::bigint[] is null or id = any(@ids))
               and (@errorType::text is null or error_type = @errorType)
               for update),
        moved as (
            update connector.crm_changes c
               set status = '{{ChangeStatus.Pending}}', error_type = null, processed_at = null, run_id = null,
                   status_detail = 'requeued by ' || @by || ' (was: ' || coalesce(c.status_detail, @status) || ')'
              from old
             where c.id = old.id
            returning old.run_id, old.status),
        credited as ({{CreditSql}})
        select count(*)::int from moved
        """;

    // Waiting for AWS to finish reviewing the opportunity: deferred, still queued (the send queue has the moment).
    private const string WaitingForReviewSql = $$"""
        update connector.crm_changes set status = '{{ChangeStatus.Deferred}}', status_detail = @detail, error_type = null
         where id = any(@ids)
        """;

    // Queued changes settled as rejected without a call (the refusal of one of them answers for the rest): out of the
    // queue and settled in one statement; one a sender holds is not in @ids (the caller skips locked queue rows).
    private const string RejectQueuedSql = $$"""
        with dequeued as (delete from connector.send_queue where change_id = any(@ids) returning change_id)
        update connector.crm_changes c
           set status = '{{ChangeStatus.Rejected}}', status_detail = @detail, error_type = @errorType, processed_at = now()
          from dequeued d
         where c.id = d.change_id
        """;

    // A change still queued stays in its run; a settled one leaves it with its credit.
    private const string ReapplySql = $$"""
        with old as (select id, run_id, status from connector.crm_changes where id = @changeId for update),
        moved as (
            update connector.crm_changes c
               set status = '{{ChangeStatus.Pending}}', error_type = null, processed_at = null,
                   run_id = case when old.status in ('{{ChangeStatus.Pending}}', '{{ChangeStatus.Deferred}}') then c.run_id end,
                   status_detail = 're-applied after drift #' || @driftId || ': Partner Central no longer had what this change set (was: '
                                   || coalesce(c.status_detail, c.status) || ')'
              from old
             where c.id = old.id
            returning case when old.status not in ('{{ChangeStatus.Pending}}', '{{ChangeStatus.Deferred}}') then old.run_id end as run_id, old.status),
        credited as ({{CreditSql}})
        select count(*)::int from moved
        """;

    // The plan's decisions, one statement for the whole pass, each staged row written once. Input: the planner's temp
    // table plan_outcome (id, status, detail, error_type, deferred_until, settled, run_id); a null status only sets
    // the run (queued rows), a row deferred by the budget is worded here (one waiting for a review comes worded).
    private const string ApplyPlanSql = $$"""
        update connector.crm_changes c
           set status = coalesce(o.status, c.status),
               status_detail = case when o.status is null then c.status_detail
                                    when o.status = '{{ChangeStatus.Deferred}}' and o.detail is null then {{DeferredDetail}}
                                    else o.detail end,
               error_type = case when o.status is null then c.error_type else o.error_type end,
               processed_at = case when o.settled then now() else c.processed_at end,
               run_id = coalesce(o.run_id, c.run_id)
          from plan_outcome o
         where c.id = o.id
        """;

    /// <summary>Partner Central confirmed the write: synced, and out of the send queue (commands of the caller's
    /// batch, sent with the attempt's outcome and the ledger's fact in one round trip).</summary>
    public IEnumerable<NpgsqlBatchCommand> SyncedCommands(long changeId, string operation, string? requestId) =>
        SettleCommands(changeId, ChangeStatus.Synced, $"{operation} succeeded", null, requestId);

    /// <summary>A read showed Partner Central already has what the change asks: synced when an earlier write of ours
    /// may have landed (it evidently did), else unchanged.</summary>
    public Task SettledByReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, string operation, bool earlierWriteLanded, string? requestId, CancellationToken cancellationToken) =>
        earlierWriteLanded
            ? SettleAsync(connection, transaction, changeId, ChangeStatus.Synced, $"{operation} confirmed by GetOpportunity after an uncertain attempt", null, requestId, cancellationToken)
            : SettleAsync(connection, transaction, changeId, ChangeStatus.Unchanged, "Partner Central already agrees (checked with GetOpportunity)", null, requestId, cancellationToken);

    /// <summary>Partner Central refused it, or retries ran out: failed, with the error type the CRM and the retry
    /// command group it by.</summary>
    public Task FailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, string detail, string errorType, string? requestId, CancellationToken cancellationToken) =>
        SettleAsync(connection, transaction, changeId, ChangeStatus.Failed, detail, errorType, requestId, cancellationToken);

    /// <summary>Deferred while AWS reviews the opportunity; <paramref name="detail"/> says until when.</summary>
    public Task WaitingForReviewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, string detail, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(WaitingForReviewSql, new { ids, detail }, transaction, cancellationToken: cancellationToken));

    /// <summary>Queued changes rejected without a call, because another change's refusal answers for them.</summary>
    public Task<int> RejectQueuedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, string detail, string errorType, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(RejectQueuedSql, new { ids, detail, errorType }, transaction, cancellationToken: cancellationToken));

    /// <summary>Still pending: a retry is due later (or the sync is paused); <paramref name="detail"/> says when and why.</summary>
    public Task RetryLaterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, string detail, string? requestId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(RetryLaterSql, new { changeId, detail, requestId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Waiting for the rolling 24 h write budget until <paramref name="eligibleAt"/>.</summary>
    public Task DeferAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, DateTimeOffset eligibleAt, int budget, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(DeferSql, new { changeId, at = eligibleAt, budget }, transaction, cancellationToken: cancellationToken));

    /// <summary>Failed changes back to pending for the next plan: one (<paramref name="id"/>), one error type's, or all.</summary>
    public Task<int> RequeueFailedAsync(NpgsqlConnection connection, long? id, string? errorType, string requestedBy, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(RequeueSql,
            new { status = ChangeStatus.Failed, id, ids = (long[]?)null, errorType, by = requestedBy }, cancellationToken: cancellationToken));

    private static Task SettleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, string status, string detail, string? errorType, string? requestId, CancellationToken cancellationToken) =>
        SqlBatch.ExecuteAsync(connection, transaction, SettleCommands(changeId, status, detail, errorType, requestId), cancellationToken);

    private static NpgsqlBatchCommand[] SettleCommands(long changeId, string status, string detail, string? errorType, string? requestId) =>
    [
        SqlBatch.Command(SettleSql, ("changeId", changeId), ("status", status), ("detail", detail), ("errorType", errorType), ("requestId", requestId)),
        SqlBatch.Command(DequeueSql, ("changeId", changeId)),
    ];

    /// <summary>Rejected changes back to pending for the next plan (the cause of their rejection is gone).</summary>
    public Task<int> RequeueRejectedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, string requestedBy, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(RequeueSql,
            new { status = ChangeStatus.Rejected, id = (long?)null, ids, errorType = (string?)null, by = requestedBy }, transaction, cancellationToken: cancellationToken));

    /// <summary>The CRM's last desired state for a key that drifted goes back to pending, for the next plan to send.</summary>
    public Task<int> ReapplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, long driftId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(ReapplySql, new { changeId, driftId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Writes back every decision of a planning pass from its <c>plan_outcome</c> temp table.</summary>
    public Task ApplyPlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int budget, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(ApplyPlanSql, new { budget }, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
}
