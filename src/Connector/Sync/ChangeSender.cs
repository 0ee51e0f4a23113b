using System.Diagnostics;
using System.Text.Json;
using Connector.Ledger;
using Connector.PartnerCentral;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Sends one queued change: claims it (row lock held for the call, so a crash releases it), reconciles an
/// unknown earlier outcome by reading first, waits for its account-wide slot, calls the API, and records the
/// outcome, the ledger and the staging row's status in one transaction.</summary>
public sealed partial class ChangeSender(
    NpgsqlDataSource dataSource,
    IPartnerCentralClient client,
    AccountPacer pacer,
    LedgerStore ledger,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<ChangeSender> logger)
{
    private const string ClaimSql = """
        select q.change_id as ChangeId, q.run_id as RunId, q.catalog as Catalog, q.opportunity_id as OpportunityId,
               q.operation as Operation, q.attempts as Attempts, q.not_found_attempts as NotFoundAttempts, q.read_first as ReadFirst,
               c.change_type as ChangeType, c.entity_type as EntityType, c.entity_id as EntityId,
               c.assignee_email as AssigneeEmail, c.assignee_first_name as AssigneeFirstName, c.assignee_last_name as AssigneeLastName,
               c.assignee_business_title as AssigneeBusinessTitle, c.assignee_phone as AssigneePhone,
               array(select a.id from connector.attempts a
                      where a.change_id = q.change_id and a.is_write and a.outcome = 'sending') as UnresolvedAttemptIds
          from connector.send_queue q
          join connector.crm_changes c on c.id = q.change_id
         where q.not_before <= now()
         order by q.priority, q.change_id
         limit 1
           for update of q skip locked
        """;

    // The claim's snapshot may predate another sender's commit of the same attempt: only unknown outcomes are abandoned.
    private const string AbandonSql = """
        update connector.attempts
           set outcome = 'abandoned', finished_at = now(),
               error_message = 'outcome unknown (interrupted); reconciled by GetOpportunity: ' || @finding
         where id = any(@ids) and outcome = 'sending'
        """;

    private const string CompleteAttemptSql = """
        update connector.attempts
           set outcome = @outcome, finished_at = clock_timestamp(), sent_at = coalesce(sent_at, @sentAt), http_status = @httpStatus, error_type = @errorType,
               error_message = @message, field_errors = @fieldErrors::jsonb, request_id = @requestId, duration_ms = @durationMs
         where id = @attemptId
        """;

    private const string SettleSql = """
        update connector.crm_changes
           set status = @status, status_detail = @detail, processed_at = now(), request_id = coalesce(@requestId, request_id)
         where id = @changeId;
        delete from connector.send_queue where change_id = @changeId;
        """;

    private const string RescheduleSql = """
        update connector.send_queue
           set not_before = @notBefore, attempts = @attempts, not_found_attempts = @notFoundAttempts,
               read_first = @readFirst, last_error = @detail
         where change_id = @changeId;
        update connector.crm_changes
           set status = @status, status_detail = @detail, request_id = coalesce(@requestId, request_id)
         where id = @changeId;
        """;

    private const string ReadDoneSql = "update connector.send_queue set read_first = false where change_id = @changeId";

    /// <summary>Works the next due change, if any. Partner Central errors are outcomes, not exceptions; only
    /// database failures escape (the job retries, and the unresolved attempt is reconciled).</summary>
    public async Task<SendOutcome> SendNextAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var change = await connection.QuerySingleOrDefaultAsync<QueuedChange>(new CommandDefinition(ClaimSql, transaction: transaction, cancellationToken: cancellationToken));
        if (change is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return SendOutcome.NoWork;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ChangeId"] = change.ChangeId, ["RunId"] = change.RunId });
        var unresolved = change.UnresolvedAttemptIds;
        if (unresolved.Length > 0 || (change.ReadFirst && options.Value.ReadBeforeUncertainWrites))
        {
            var settled = await ReconcileAsync(connection, transaction, change, unresolved, cancellationToken);
            if (settled is not null)
            {
                return settled.Value;
            }
        }

        var call = new CallIdentity(change.ChangeId, change.RunId, change.Operation, change.Catalog, change.OpportunityId);
        var slot = await pacer.AcquireAsync(call, isWrite: true, cancellationToken);
        switch (slot.Status)
        {
            case SlotStatus.Paused:
                await transaction.RollbackAsync(cancellationToken);
                return SendOutcome.Paused;
            case SlotStatus.Deferred:
                await RescheduleAsync(connection, transaction, change, slot.At, change.Attempts, change.NotFoundAttempts, change.ReadFirst, "deferred",
                    $"24 h write budget used; eligible at {slot.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}", null, cancellationToken);
                return SendOutcome.Deferred;
        }

        var stopwatch = Stopwatch.StartNew();
        var sentAt = time.GetUtcNow();
        try
        {
            var result = await WriteAsync(change, cancellationToken);
            await RecordSyncedAsync(connection, transaction, change, slot.AttemptId, sentAt, result, stopwatch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogSent(change.Operation, change.OpportunityId, result.RequestId, stopwatch.ElapsedMilliseconds);
            if (slot.Slowed)
            {
                await pacer.RecoveredAsync(cancellationToken);
            }

            return SendOutcome.Sent;
        }
        catch (PartnerCentralException error) when (!cancellationToken.IsCancellationRequested || error.Kind != PartnerCentralErrorKind.Transient)
        {
            await CompleteAttemptAsync(connection, transaction, slot.AttemptId, "error", sentAt, error.HttpStatus, error.ErrorType, error.Message,
                FieldErrorsJson(error), error.RequestId, stopwatch, cancellationToken);
            return await HandleErrorAsync(connection, transaction, change, error, cancellationToken);
        }
    }

    // An earlier write may have landed (crash, timeout, 5xx) or the ledger cannot tell: read the opportunity, learn
    // the truth into the ledger, and settle the change without a write when Partner Central already agrees.
    private async Task<SendOutcome?> ReconcileAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, QueuedChange change, long[] unresolved, CancellationToken cancellationToken)
    {
        var read = new CallIdentity(change.ChangeId, change.RunId, "GetOpportunity", change.Catalog, change.OpportunityId);
        var slot = await pacer.AcquireAsync(read, isWrite: false, cancellationToken);
        if (slot.Status == SlotStatus.Paused)
        {
            await transaction.RollbackAsync(cancellationToken);
            return SendOutcome.Paused;
        }

        var stopwatch = Stopwatch.StartNew();
        var sentAt = time.GetUtcNow();
        GetOpportunityResponse opportunity;
        try
        {
            opportunity = await client.GetOpportunityAsync(new GetOpportunityRequest(change.Catalog, change.OpportunityId), cancellationToken);
        }
        catch (PartnerCentralException error) when (!cancellationToken.IsCancellationRequested || error.Kind != PartnerCentralErrorKind.Transient)
        {
            await CompleteAttemptAsync(connection, transaction, slot.AttemptId, "error", sentAt, error.HttpStatus, error.ErrorType, error.Message, null, error.RequestId, stopwatch, cancellationToken);
            return await HandleErrorAsync(connection, transaction, change, error, cancellationToken);
        }

        await CompleteAttemptAsync(connection, transaction, slot.AttemptId, "ok", sentAt, 200, null, null, null, opportunity.RequestId, stopwatch, cancellationToken);
        await ledger.ApplyReadAsync(connection, transaction, change.Catalog, change.OpportunityId, opportunity, cancellationToken);
        var satisfied = change.IsSatisfiedBy(opportunity);
        if (unresolved.Length > 0)
        {
            var finding = satisfied ? "Partner Central has the change" : "Partner Central does not have the change";
            await connection.ExecuteAsync(new CommandDefinition(AbandonSql, new { ids = unresolved, finding }, transaction, cancellationToken: cancellationToken));
        }

        if (!satisfied)
        {
            await connection.ExecuteAsync(new CommandDefinition(ReadDoneSql, new { changeId = change.ChangeId }, transaction, cancellationToken: cancellationToken));
            return null;
        }

        if (change.IsAssignment)
        {
            await ledger.SetAssigneeAsync(connection, transaction, change, change.ChangeId, opportunity.RequestId, cancellationToken);
        }

        // An earlier attempt of ours (interrupted, timed out, 5xx) evidently landed: that is a sync, not a no-op.
        var (status, detail) = unresolved.Length > 0 || change.Attempts > 0
            ? ("synced", $"{change.Operation} confirmed by GetOpportunity after an uncertain attempt")
            : ("unchanged", "Partner Central already agrees (checked with GetOpportunity)");
        await SettleAsync(connection, transaction, change.ChangeId, status, detail, opportunity.RequestId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SendOutcome.Settled;
    }

    private Task<WriteResult> WriteAsync(QueuedChange change, CancellationToken cancellationToken) => change.ChangeType switch
    {
        "associate" => client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest(change.Catalog, change.OpportunityId, change.EntityType!, change.EntityId!), cancellationToken),
        "disassociate" => client.DisassociateOpportunityAsync(
            new DisassociateOpportunityRequest(change.Catalog, change.OpportunityId, change.EntityType!, change.EntityId!), cancellationToken),
        _ => client.AssignOpportunityAsync(new AssignOpportunityRequest(change.Catalog, change.OpportunityId, change.Assignee()), cancellationToken),
    };

    // The attempt's outcome, the ledger and the staging row in one round trip: the attempt's finish reaches the other
    // servers' pacing gate only at the commit, so each round trip here would hold back the account's next window.
    private static Task RecordSyncedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, QueuedChange change, long attemptId, DateTimeOffset sentAt, WriteResult result, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var (ledgerSql, args) = LedgerStore.ForWrite(change, result.RequestId);
        args.AddDynamicParams(new
        {
            attemptId,
            outcome = "ok",
            sentAt = sentAt.UtcDateTime,
            httpStatus = (int?)result.HttpStatus,
            errorType = (string?)null,
            message = (string?)null,
            fieldErrors = (string?)null,
            durationMs = (int)stopwatch.ElapsedMilliseconds,
            status = "synced",
            detail = $"{change.Operation} succeeded",
        });
        return connection.ExecuteAsync(new CommandDefinition(
            CompleteAttemptSql + ";\n" + ledgerSql + ";\n" + SettleSql, args, transaction, cancellationToken: cancellationToken));
    }

    // Retry policy by error class: transient ones back off inside the pace; validation fails at once; not-found
    // retries over hours; access and credential problems pause every server instead of failing change after change.
    private async Task<SendOutcome> HandleErrorAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, QueuedChange change, PartnerCentralException error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var summary = ErrorSummary(error);
        switch (error.Kind)
        {
            case PartnerCentralErrorKind.Throttling or PartnerCentralErrorKind.InternalServer or PartnerCentralErrorKind.Transient:
            {
                var attempts = change.Attempts + 1;
                if (attempts >= settings.MaxTransientAttempts)
                {
                    await SettleAsync(connection, transaction, change.ChangeId, "failed", $"{summary}; gave up after {attempts} attempts", error.RequestId, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return SendOutcome.Failed;
                }

                var delay = Backoff(attempts);
                // After a 5xx or a timeout the write may have landed: read before writing again.
                var readFirst = error.Kind != PartnerCentralErrorKind.Throttling && settings.ReadBeforeUncertainWrites;
                var at = time.GetUtcNow() + delay;
                await RescheduleAsync(connection, transaction, change, at, attempts, change.NotFoundAttempts, readFirst, "pending",
                    $"{summary}; retry {attempts} of {settings.MaxTransientAttempts - 1} at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}", error.RequestId, cancellationToken);
                if (error.Kind == PartnerCentralErrorKind.Throttling)
                {
                    await pacer.ThrottledAsync(delay, cancellationToken);
                }

                LogRetrying(change.Operation, change.OpportunityId, error.ErrorType, attempts, error.RequestId);
                return SendOutcome.Retrying;
            }

            case PartnerCentralErrorKind.ResourceNotFound when change.NotFoundAttempts < settings.NotFoundRetries:
            {
                var retries = change.NotFoundAttempts + 1;
                var at = time.GetUtcNow() + settings.NotFoundRetryDelay * Math.Pow(2, retries - 1);
                await RescheduleAsync(connection, transaction, change, at, change.Attempts, retries, change.ReadFirst, "pending",
                    $"{summary}; the opportunity may be new: retry {retries} of {settings.NotFoundRetries} at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}", error.RequestId, cancellationToken);
                return SendOutcome.Retrying;
            }

            case PartnerCentralErrorKind.AccessDenied or PartnerCentralErrorKind.Credentials:
            {
                var reason = $"{summary}. Every server has stopped sending until this is fixed; then run 'retry' or trigger a sync.";
                await RescheduleAsync(connection, transaction, change, time.GetUtcNow(), change.Attempts, change.NotFoundAttempts, change.ReadFirst, "pending",
                    $"paused: {summary}", error.RequestId, cancellationToken);
                await pacer.PauseAsync(reason, cancellationToken);
                LogPaused(error.ErrorType, error.RequestId);
                return SendOutcome.Paused;
            }

            default:
            {
                var detail = error.Kind == PartnerCentralErrorKind.ResourceNotFound
                    ? $"{summary}; still not found after {change.NotFoundAttempts} retries"
                    : summary;
                await SettleAsync(connection, transaction, change.ChangeId, "failed", detail, error.RequestId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                LogFailed(change.Operation, change.OpportunityId, error.ErrorType, error.RequestId);
                return SendOutcome.Failed;
            }
        }
    }

    private async Task RescheduleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, QueuedChange change, DateTimeOffset notBefore, int attempts, int notFoundAttempts, bool readFirst, string status, string detail, string? requestId, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(RescheduleSql, new
        {
            changeId = change.ChangeId,
            notBefore = notBefore.UtcDateTime,
            attempts,
            notFoundAttempts,
            readFirst,
            status,
            detail,
            requestId,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task SettleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changeId, string status, string detail, string? requestId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(SettleSql, new { changeId, status, detail, requestId }, transaction, cancellationToken: cancellationToken));

    private static Task CompleteAttemptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long attemptId, string outcome, DateTimeOffset sentAt, int? httpStatus, string? errorType, string? message, string? fieldErrors, string? requestId, Stopwatch stopwatch, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(CompleteAttemptSql, new
        {
            attemptId,
            outcome,
            sentAt = sentAt.UtcDateTime,
            httpStatus,
            errorType,
            message,
            fieldErrors,
            requestId,
            durationMs = (int)stopwatch.ElapsedMilliseconds,
        }, transaction, cancellationToken: cancellationToken));

    private TimeSpan Backoff(int attempt)
    {
        var settings = options.Value;
        var ceiling = Math.Min(settings.TransientBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), settings.TransientMaxDelay.TotalMilliseconds);
        // Full jitter in the upper half: servers that were throttled together do not come back together.
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    private static string ErrorSummary(PartnerCentralException error)
    {
        var reason = error switch
        {
            PartnerCentralValidationException v when v.Reason is not null => $" ({v.Reason})",
            PartnerCentralAccessDeniedException a when a.Reason is not null => $" ({a.Reason})",
            _ => string.Empty,
        };
        var fields = error is PartnerCentralValidationException { FieldErrors.Count: > 0 } validation
            ? "; " + string.Join("; ", validation.FieldErrors)
            : string.Empty;
        // The client's message is "<Type>: <API message> (HTTP n, request id r)": keep it whole, type first once.
        var prefix = error.ErrorType + ": ";
        var text = error.Message.StartsWith(prefix, StringComparison.Ordinal) ? error.Message[prefix.Length..] : error.Message;
        return $"{error.ErrorType}{reason}: {text}{fields}";
    }

    private static string? FieldErrorsJson(PartnerCentralException error) =>
        error is PartnerCentralValidationException { FieldErrors.Count: > 0 } validation ? JsonSerializer.Serialize(validation.FieldErrors) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} {OpportunityId} succeeded (request {RequestId}, {ElapsedMs} ms)")]
    private partial void LogSent(string operation, string opportunityId, string? requestId, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} {OpportunityId} got {ErrorType}; attempt {Attempt} will be retried (request {RequestId})")]
    private partial void LogRetrying(string operation, string opportunityId, string errorType, int attempt, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} {OpportunityId} failed with {ErrorType} (request {RequestId})")]
    private partial void LogFailed(string operation, string opportunityId, string errorType, string? requestId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "SYNC PAUSED for the whole account: Partner Central answered {ErrorType} (request {RequestId}). Fix IAM or credentials, then retry.")]
    private partial void LogPaused(string errorType, string? requestId);
}
