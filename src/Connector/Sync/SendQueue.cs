using Connector.Changes;
using Connector.Database;
using Dapper;
using Npgsql;

namespace Connector.Sync;

/// <summary><c>connector.send_queue</c> and the attempts of its calls, as the sender works them: the claim, the
/// attempt's outcome, and the queue row's next moment. Every statement runs in the claim's transaction.</summary>
internal static class SendQueue
{
    // One sender per opportunity at a time: the claim takes the opportunity's lock too. A change of an opportunity
    // another sender holds is looked past, so that sender's review or refusal is known before any other write for the
    // opportunity is attempted, and an opportunity's changes go in order. Locks held when the claim starts are read
    // from pg_locks (no extra round trip); one taken between that read and the try-lock makes the try-lock fail, and
    // the caller rolls back and claims again past that key (@skipped).
    private const int OpportunityLockClass = 0x5043_5244; // "PCRD"

    private const string ClaimSql = $$"""
        select x.*, pg_try_advisory_xact_lock(@lockClass, x.opportunity_key) as opportunity_held
          from (
        select hashtext(q.catalog || '/' || q.opportunity_id) as opportunity_key,
               q.change_id, q.run_id, q.catalog, q.opportunity_id, q.operation, q.attempts, q.not_found_attempts, q.read_first,
               c.change_type, c.entity_type, c.entity_id, c.assignee_email, c.assignee_first_name, c.assignee_last_name,
               c.assignee_business_title, c.assignee_phone,
               array(select a.id from connector.attempts a
                      where a.change_id = q.change_id and a.is_write and a.outcome = 'sending') as unresolved_attempt_ids,
               exists (select 1 from connector.attempts a
                        where a.change_id = q.change_id and a.is_write and a.outcome <> 'ok'
                          and (a.http_status is null or a.http_status >= 500)
                          and a.error_type is distinct from 'ThrottlingException') as may_have_written,
               c.after_change_id, after.status as after_status, after.entity_id as after_entity_id
          from connector.send_queue q
          join connector.crm_changes c on c.id = q.change_id
          left join connector.crm_changes after on after.id = c.after_change_id
         where q.not_before <= now()
           -- Past the keys the caller skipped and those other sessions hold now (pg_locks shows the int key as an oid).
           and hashtext(q.catalog || '/' || q.opportunity_id) <> all(@skipped || array(
               select (l.objid::bigint - case when l.objid::bigint > 2147483647 then 4294967296 else 0 end)::int
                 from pg_locks l
                where l.locktype = 'advisory' and l.objsubid = 2 and l.granted and l.classid = @lockClass::oid
                  and l.pid is distinct from pg_backend_pid()
                  and l.database = (select oid from pg_database where datname = current_database())))
           -- A change that follows another is not sent while that one is still queued.
           and not exists (select 1 from connector.send_queue w where w.change_id = c.after_change_id)
         order by q.priority, q.change_id
         limit 1
           for update of q skip locked) x
        """;

    private const string CompleteAttemptSql = """
        update connector.attempts
           set outcome = @outcome, finished_at = clock_timestamp(), sent_at = coalesce(sent_at, @sentAt), http_status = @httpStatus,
               error_type = @errorType, error_message = @message, field_errors = @fieldErrors::jsonb, request_id = @requestId,
               duration_ms = @durationMs
         where id = @attemptId
        """;

    // The claim's snapshot may predate another sender's commit of the same attempt: only unknown outcomes are abandoned.
    private const string AbandonSql = """
        update connector.attempts
           set outcome = 'abandoned', finished_at = now(),
               error_message = 'outcome unknown (interrupted); reconciled by GetOpportunity: ' || @finding
         where id = any(@ids) and outcome = 'sending'
        """;

    private const string RescheduleSql = """
        update connector.send_queue
           set not_before = @notBefore, attempts = @attempts, not_found_attempts = @notFoundAttempts,
               read_first = @readFirst, last_error = @lastError
         where change_id = @changeId
        """;

    // Read since the change was queued and since its last write attempt (for another change of the opportunity): what
    // that read showed of this association; null when there was no such read (or the change is an assignment).
    private const string AssociatedSinceQueuedSql = $$"""
        select case when lo.read_at >= greatest(q.enqueued_at, (select max(coalesce(a.finished_at, a.slot_at)) from connector.attempts a
                                                                 where a.change_id = q.change_id and a.is_write))
                    then coalesce(la.associated, false) end
          from connector.send_queue q
          join connector.crm_changes c on c.id = q.change_id and c.change_type <> '{{ChangeType.Assign}}'
          join connector.ledger_opportunities lo on lo.catalog = q.catalog and lo.opportunity_id = q.opportunity_id
          left join connector.ledger_associations la
                 on la.catalog = q.catalog and la.opportunity_id = q.opportunity_id
                and la.entity_type = c.entity_type and la.entity_id = c.entity_id
         where q.change_id = @changeId
        """;

    // The opportunity's other queued changes a review holds back too (no other sender holds one for longer than a claim
    // that looks past it; skip locked so such a claim cannot stall this one).
    private const string OpportunityQueuedSql = """
        select change_id from connector.send_queue
         where catalog = @catalog and opportunity_id = @opportunityId and change_id <> @changeId
           for update skip locked
        """;

    // Waiting for AWS's review: due again at @at, when a read checks first whether the review is over (queued anew
    // then, so the read this wait rests on does not answer for it: AssociatedSinceQueuedSql).
    private const string WaitForReviewSql = """
        update connector.send_queue set not_before = @at, enqueued_at = @at, read_first = true, last_error = @detail
         where change_id = any(@ids)
        """;

    private const string ReadsOfChangeSql = "select count(*)::int from connector.attempts where change_id = @changeId and not is_write";

    private const string ReadDoneSql = "update connector.send_queue set read_first = false where change_id = @changeId";

    /// <summary>The next due change not held by another sender, locked for this transaction, or null. When its
    /// opportunity is held by another sender (<see cref="ClaimedChange.OpportunityHeld"/> false), the caller rolls
    /// back, which releases the row, and claims again past <see cref="ClaimedChange.OpportunityKey"/>.</summary>
    public static Task<ClaimedChange?> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int[] skipped, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ClaimedChange>(new CommandDefinition(ClaimSql, new { skipped, lockClass = OpportunityLockClass }, transaction, cancellationToken: cancellationToken));

    public static Task CompleteAttemptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AttemptClock attempt, AttemptResult result, CancellationToken cancellationToken) =>
        SqlBatch.ExecuteAsync(connection, transaction, [CompleteAttemptCommand(attempt, result)], cancellationToken);

    /// <summary>The attempt's outcome, as one command of the caller's batch.</summary>
    public static NpgsqlBatchCommand CompleteAttemptCommand(AttemptClock attempt, AttemptResult result) =>
        SqlBatch.Command(CompleteAttemptSql,
            ("attemptId", attempt.AttemptId),
            ("outcome", result.Outcome),
            ("sentAt", attempt.SentAt.UtcDateTime),
            ("httpStatus", result.HttpStatus),
            ("errorType", result.ErrorType),
            ("message", result.Message),
            ("fieldErrors", result.FieldErrorsJson),
            ("requestId", result.RequestId),
            ("durationMs", (int)attempt.Stopwatch.ElapsedMilliseconds));

    public static Task AbandonAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] attemptIds, string finding, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(AbandonSql, new { ids = attemptIds, finding }, transaction, cancellationToken: cancellationToken));

    /// <summary>The queued change's next moment and counters (a retry, a deferral, a pause).</summary>
    public static Task RescheduleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimedChange change, DateTimeOffset notBefore, int attempts, int notFoundAttempts, bool readFirst, string lastError, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(RescheduleSql, new
        {
            changeId = change.ChangeId,
            notBefore = notBefore.UtcDateTime,
            attempts,
            notFoundAttempts,
            readFirst,
            lastError,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Whether a read since this change was queued (for another change of the opportunity, by a sender
    /// that held it before this one) already answers for it (associated or not), or null.</summary>
    public static Task<bool?> AssociatedSinceQueuedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimedChange change, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool?>(new CommandDefinition(AssociatedSinceQueuedSql, new { changeId = change.ChangeId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The change and the opportunity's other queued changes (not held by a sender) wait for a review until
    /// <paramref name="at"/>, reading first; returns their ids.</summary>
    public static async Task<long[]> WaitForReviewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimedChange change, DateTimeOffset at, string detail, CancellationToken cancellationToken)
    {
        var others = await connection.QueryAsync<long>(new CommandDefinition(OpportunityQueuedSql,
            new { catalog = change.Catalog, opportunityId = change.OpportunityId, changeId = change.ChangeId }, transaction, cancellationToken: cancellationToken));
        long[] ids = [change.ChangeId, .. others];
        await connection.ExecuteAsync(new CommandDefinition(WaitForReviewSql, new { ids, at = at.UtcDateTime, detail }, transaction, cancellationToken: cancellationToken));
        return ids;
    }

    /// <summary>How many reads were made for the change so far (each review check is one).</summary>
    public static Task<int> ReadsOfChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(ReadsOfChangeSql, new { changeId }, transaction, cancellationToken: cancellationToken));

    public static Task ReadDoneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(ReadDoneSql, new { changeId }, transaction, cancellationToken: cancellationToken));
}
