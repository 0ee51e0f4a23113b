using System.Diagnostics;
using Connector.Assignees;
using Connector.Changes;
using Connector.Database;
using Connector.Ledger;
using Connector.PartnerCentral;
using Connector.Reviews;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Sync;

/// <summary>Sends one queued change, as a short pipeline: claim (row lock held for the call, so a crash releases it)
/// → reconcile an unknown earlier outcome by reading first → acquire the account-wide slot → call → record the
/// outcome, the ledger and the change's status in one transaction. Every failure of the call is the change's outcome
/// (retried, failed or paused by <see cref="RetryPolicy"/>); only database failures escape, for the job to retry.</summary>
public sealed partial class ChangeSender(
    NpgsqlDataSource dataSource,
    IPartnerCentralClient client,
    AccountPacer pacer,
    LedgerStore ledger,
    ChangeRecorder recorder,
    UnknownAssigneeStore unknownAssignees,
    IOptions<SyncOptions> options,
    IOptions<PartnerCentralOptions> apiOptions,
    TimeProvider time,
    ILogger<ChangeSender> logger)
{
    /// <summary>The error type of a disassociate not sent because the associate it follows did not succeed.</summary>
    public const string ReplacementNotAttached = "ReplacementNotAttached";

    private RetryPolicy Policy => new(options.Value);

    /// <summary>Works the next due change, if any.</summary>
    public async Task<SendOutcome> SendNextAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (transaction, change) = await ClaimAsync(connection, cancellationToken);
        await using var claim = transaction;
        if (change is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return SendOutcome.NoWork;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ChangeId"] = change.ChangeId, ["RunId"] = change.RunId });
        var step = new Step(connection, transaction, change);
        if (change.AfterChangeId is not null && !ChangeStatus.Succeeded(change.AfterStatus))
        {
            return await NotAfterAsync(step, cancellationToken);
        }

        if (change.UnresolvedAttemptIds.Length > 0 || (change.ReadFirst && options.Value.ReadBeforeUncertainWrites))
        {
            var settled = await ReconcileAsync(step, cancellationToken);
            if (settled is not null)
            {
                return settled.Value;
            }

            // Read, and Partner Central does not have it: the write below is now the known next step.
            step = step with { Change = change with { ReadFirst = false, UnresolvedAttemptIds = [] } };
        }

        var slot = await pacer.AcquireAsync(Call(step.Change, step.Change.Operation), isWrite: true, cancellationToken);
        switch (slot.Status)
        {
            case SlotStatus.Paused:
                await transaction.RollbackAsync(cancellationToken);
                return SendOutcome.Paused;
            case SlotStatus.Deferred:
                await SendQueue.RescheduleAsync(connection, transaction, step.Change, slot.At, step.Change.Attempts, step.Change.NotFoundAttempts, step.Change.ReadFirst, "deferred by the 24 h budget", cancellationToken);
                await recorder.DeferAsync(connection, transaction, change.ChangeId, slot.At, apiOptions.Value.WritesPer24Hours, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return SendOutcome.Deferred;
        }

        // The gate opened once the previous write's outcome was committed: if that write met this assignee as
        // unknown, another sender claimed this change meanwhile, and it costs no second write.
        if (change.IsAssignment && unknownAssignees.Enabled
            && await unknownAssignees.RecallAsync(connection, transaction, change.Assignee().Email, cancellationToken) is { } unknown)
        {
            await pacer.GiveBackAsync(slot, cancellationToken);
            await recorder.RejectQueuedAsync(connection, transaction, [change.ChangeId], unknown, UnknownAssigneeStore.ErrorType, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return SendOutcome.Settled;
        }

        var attempt = new AttemptClock(slot.AttemptId, time.GetUtcNow(), Stopwatch.StartNew());
        WriteResult result;
        try
        {
            result = await WriteAsync(step.Change, cancellationToken);
        }
        catch (Exception error) when (IsOutcome(error, cancellationToken))
        {
            return await FailedAsync(step, attempt, error, wasWrite: true, cancellationToken);
        }

        // The success is one round trip and the commit: the next write of the account waits for this answer to be
        // visible (AccountPacer's gate), so every round trip here would delay it.
        await SqlBatch.ExecuteAsync(connection, transaction,
        [
            SendQueue.CompleteAttemptCommand(attempt, AttemptResult.Ok(result.HttpStatus, result.RequestId)),
            LearnCommand(step.Change, result.RequestId),
            .. recorder.SyncedCommands(change.ChangeId, change.Operation, result.RequestId),
        ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSent(change.Operation, change.OpportunityId, result.RequestId, attempt.Stopwatch.ElapsedMilliseconds);
        if (slot.Slowed)
        {
            await pacer.RecoveredAsync(cancellationToken);
        }

        return SendOutcome.Sent;
    }

    // The next due change whose opportunity no other sender holds. A change of a held opportunity is released with a
    // rollback (its row lock would otherwise outlast this sender's call) and looked past; only contention costs this.
    private static async Task<(NpgsqlTransaction Transaction, ClaimedChange? Change)> ClaimAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var skipped = new List<int>();
        while (true)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var change = await SendQueue.ClaimAsync(connection, transaction, [.. skipped], cancellationToken);
            if (change is null || change.OpportunityHeld)
            {
                return (transaction, change);
            }

            await transaction.RollbackAsync(cancellationToken);
            await transaction.DisposeAsync();
            skipped.Add(change.OpportunityKey);
        }
    }

    // An earlier write may have landed (crash, timeout, 5xx) or the ledger cannot tell: read the opportunity, learn
    // the truth into the ledger, and settle the change without a write when Partner Central already agrees.
    private async Task<SendOutcome?> ReconcileAsync(Step step, CancellationToken cancellationToken)
    {
        var (connection, transaction, change) = step;
        // One read per opportunity: a read since this change was queued (for another of its changes) answers here too,
        // unless one of our own writes of this change may have landed since.
        if (change.UnresolvedAttemptIds.Length == 0
            && await SendQueue.AssociatedSinceQueuedAsync(connection, transaction, change, cancellationToken) is { } associated)
        {
            if (associated == (change.ChangeType == ChangeType.Associate))
            {
                await recorder.SettledByReadAsync(connection, transaction, change.ChangeId, change.Operation, change.MayHaveWritten, null, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return SendOutcome.Settled;
            }

            await SendQueue.ReadDoneAsync(connection, transaction, change.ChangeId, cancellationToken);
            return null;
        }

        var slot = await pacer.AcquireAsync(Call(change, "GetOpportunity"), isWrite: false, cancellationToken);
        if (slot.Status == SlotStatus.Paused)
        {
            await transaction.RollbackAsync(cancellationToken);
            return SendOutcome.Paused;
        }

        var attempt = new AttemptClock(slot.AttemptId, time.GetUtcNow(), Stopwatch.StartNew());
        GetOpportunityResponse opportunity;
        try
        {
            opportunity = await client.GetOpportunityAsync(new GetOpportunityRequest(change.Catalog, change.OpportunityId), cancellationToken);
        }
        catch (Exception error) when (IsOutcome(error, cancellationToken))
        {
            return await FailedAsync(step, attempt, error, wasWrite: false, cancellationToken);
        }

        await SendQueue.CompleteAttemptAsync(connection, transaction, attempt, AttemptResult.Ok(200, opportunity.RequestId), cancellationToken);
        await ledger.ApplyReadAsync(connection, transaction, change.Catalog, change.OpportunityId, opportunity, cancellationToken);
        var satisfied = change.IsSatisfiedBy(opportunity);
        if (change.UnresolvedAttemptIds.Length > 0)
        {
            await SendQueue.AbandonAsync(connection, transaction, change.UnresolvedAttemptIds,
                satisfied ? "Partner Central has the change" : "Partner Central does not have the change", cancellationToken);
        }

        if (!satisfied)
        {
            if (OpportunityReview.IsUnderReview(opportunity))
            {
                // Still under AWS review: no write would be accepted, so none is sent; read again later.
                return await WaitForReviewAsync(step, opportunity, cancellationToken);
            }

            await SendQueue.ReadDoneAsync(connection, transaction, change.ChangeId, cancellationToken);
            return null;
        }

        if (change.IsAssignment)
        {
            await ledger.RecordAssigneeAsync(connection, transaction, change.Catalog, change.OpportunityId, change.Assignee(), change.ChangeId, opportunity.RequestId, cancellationToken);
        }

        // An earlier attempt of ours (interrupted, timed out, 5xx) evidently landed: that is a sync, not a no-op.
        await recorder.SettledByReadAsync(connection, transaction, change.ChangeId, change.Operation, change.MayHaveWritten, opportunity.RequestId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SendOutcome.Settled;
    }

    private Task<WriteResult> WriteAsync(ClaimedChange change, CancellationToken cancellationToken) => change.ChangeType switch
    {
        ChangeType.Associate => client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest(change.Catalog, change.OpportunityId, change.EntityType!, change.EntityId!), cancellationToken),
        ChangeType.Disassociate => client.DisassociateOpportunityAsync(
            new DisassociateOpportunityRequest(change.Catalog, change.OpportunityId, change.EntityType!, change.EntityId!), cancellationToken),
        _ => client.AssignOpportunityAsync(new AssignOpportunityRequest(change.Catalog, change.OpportunityId, change.Assignee()), cancellationToken),
    };

    private NpgsqlBatchCommand LearnCommand(ClaimedChange change, string? requestId) =>
        change.IsAssignment
            ? ledger.RecordAssigneeCommand(change.Catalog, change.OpportunityId, change.Assignee(), change.ChangeId, requestId)
            : ledger.RecordAssociationCommand(change.Catalog, change.OpportunityId, change.EntityType!, change.EntityId!,
                change.ChangeType == ChangeType.Associate, change.ChangeId, requestId);

    // Records the failed call and acts on the policy's decision: retry later inside the pace, fail, or pause every server.
    private async Task<SendOutcome> FailedAsync(Step step, AttemptClock attempt, Exception error, bool wasWrite, CancellationToken cancellationToken)
    {
        var (connection, transaction, change) = step;
        var failure = SendFailure.From(error);
        await SendQueue.CompleteAttemptAsync(connection, transaction, attempt, AttemptResult.Error(failure), cancellationToken);
        var decision = Policy.Decide(failure.Class, wasWrite, change.Attempts, change.NotFoundAttempts, change.ReadFirst || change.UnresolvedAttemptIds.Length > 0,
            time.GetUtcNow(), Random.Shared.NextDouble());
        switch (decision.Action)
        {
            case RetryAction.RetryLater:
            {
                var detail = $"{failure.Summary}; {decision.Note}";
                await SendQueue.RescheduleAsync(connection, transaction, change, decision.RetryAt, decision.Attempts, decision.NotFoundAttempts, decision.ReadFirst, detail, cancellationToken);
                await recorder.RetryLaterAsync(connection, transaction, change.ChangeId, detail, failure.RequestId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                if (failure.Class == FailureClass.Throttled)
                {
                    await pacer.ThrottledAsync(decision.RetryAt - time.GetUtcNow(), cancellationToken);
                }

                if (failure.Class == FailureClass.Unexpected)
                {
                    LogUnexpected(change.Operation, change.OpportunityId, failure.ErrorType, decision.Attempts);
                }

                LogRetrying(change.Operation, change.OpportunityId, failure.ErrorType, decision.Attempts + decision.NotFoundAttempts, failure.RequestId);
                return SendOutcome.Retrying;
            }

            case RetryAction.Pause:
            {
                var reason = $"{failure.Summary}. Every server has stopped sending until this is fixed; then run 'retry' or trigger a sync.";
                var detail = $"paused: {failure.Summary}";
                await SendQueue.RescheduleAsync(connection, transaction, change, time.GetUtcNow(), change.Attempts, change.NotFoundAttempts, change.ReadFirst, detail, cancellationToken);
                await recorder.RetryLaterAsync(connection, transaction, change.ChangeId, detail, failure.RequestId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                await pacer.PauseAsync(reason, cancellationToken);
                LogPaused(failure.ErrorType, failure.RequestId);
                return SendOutcome.Paused;
            }

            default:
            {
                string? finalState = null;
                if (wasWrite && OpportunityReview.IsStateRefusal(error))
                {
                    // Refused for the opportunity's state: the read says whether it is a review to wait for.
                    var (waiting, state) = await CheckStateAsync(step, cancellationToken);
                    if (waiting is { } outcome)
                    {
                        return outcome;
                    }

                    finalState = state;
                }

                var detail = decision.Note.Length == 0 ? failure.Summary : $"{failure.Summary}; {decision.Note}";
                if (finalState is not null)
                {
                    detail += $"; the opportunity is {finalState} (checked with GetOpportunity): not retried";
                }

                await recorder.FailedAsync(connection, transaction, change.ChangeId, detail, failure.ErrorType, failure.RequestId, cancellationToken);
                if (change.IsAssignment && unknownAssignees.Enabled && UnknownAssigneeStore.IsUnknownAssignee(error))
                {
                    // The one write that meets an unknown assignee: the others naming it are rejected without one.
                    var rejected = await unknownAssignees.RememberAsync(connection, transaction, change.Assignee().Email, change.ChangeId, failure.RequestId, cancellationToken);
                    LogUnknownAssignee(change.OpportunityId, change.ChangeId, rejected);
                }

                await transaction.CommitAsync(cancellationToken);
                if (failure.Class == FailureClass.Unexpected)
                {
                    LogUnexpected(change.Operation, change.OpportunityId, failure.ErrorType, decision.Attempts);
                }

                LogFailed(change.Operation, change.OpportunityId, failure.ErrorType, failure.RequestId);
                return SendOutcome.Failed;
            }
        }
    }

    // After a write refused for the opportunity's state: reads it (a read slot, in the claim's transaction). Under
    // review: this change and the opportunity's other queued ones wait (Deferred). Otherwise the state that ends it
    // (Rejected, Closed Lost), or null; a read that cannot be made leaves the refusal as it is.
    private async Task<(SendOutcome? Waiting, string? FinalState)> CheckStateAsync(Step step, CancellationToken cancellationToken)
    {
        var (connection, transaction, change) = step;
        var slot = await pacer.AcquireAsync(Call(change, "GetOpportunity"), isWrite: false, cancellationToken);
        if (slot.Status != SlotStatus.Granted)
        {
            return (null, null);
        }

        var attempt = new AttemptClock(slot.AttemptId, time.GetUtcNow(), Stopwatch.StartNew());
        GetOpportunityResponse opportunity;
        try
        {
            opportunity = await client.GetOpportunityAsync(new GetOpportunityRequest(change.Catalog, change.OpportunityId), cancellationToken);
        }
        catch (Exception error) when (IsOutcome(error, cancellationToken))
        {
            await SendQueue.CompleteAttemptAsync(connection, transaction, attempt, AttemptResult.Error(SendFailure.From(error)), cancellationToken);
            return (null, null);
        }

        await SendQueue.CompleteAttemptAsync(connection, transaction, attempt, AttemptResult.Ok(200, opportunity.RequestId), cancellationToken);
        await ledger.ApplyReadAsync(connection, transaction, change.Catalog, change.OpportunityId, opportunity, cancellationToken);
        return OpportunityReview.IsUnderReview(opportunity)
            ? (await WaitForReviewAsync(step, opportunity, cancellationToken), null)
            : (null, OpportunityReview.FinalState(opportunity));
    }

    // The change it follows (the replacement's associate) did not succeed: a change still on its way (planned later,
    // waiting for a read) is looked at again after Sync:TransientMaxDelay; one that ended otherwise fails this one without a write, so the legacy
    // solution stays until its replacement is attached. Retrying both sends them again, in order.
    private async Task<SendOutcome> NotAfterAsync(Step step, CancellationToken cancellationToken)
    {
        var (connection, transaction, change) = step;
        var first = $"change {change.AfterChangeId}, which attaches {change.AfterEntityId} first,";
        if (change.AfterStatus is ChangeStatus.Pending or ChangeStatus.Deferred)
        {
            var detail = $"waiting: {first} is {change.AfterStatus}";
            await SendQueue.RescheduleAsync(connection, transaction, change, time.GetUtcNow() + options.Value.TransientMaxDelay, change.Attempts, change.NotFoundAttempts, change.ReadFirst, detail, cancellationToken);
            await recorder.RetryLaterAsync(connection, transaction, change.ChangeId, detail, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return SendOutcome.Retrying;
        }

        await recorder.FailedAsync(connection, transaction, change.ChangeId,
            $"not sent: {first} is {change.AfterStatus}; the legacy solution stays until it is attached (retry both: the attach goes first)",
            ReplacementNotAttached, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SendOutcome.Failed;
    }

    // The change and the opportunity's other queued changes wait for AWS's review, deferred, and are checked again
    // with a read after Sync:ReviewRecheckDelay, doubling per check up to Sync:ReviewRecheckMaxDelay.
    private async Task<SendOutcome> WaitForReviewAsync(Step step, GetOpportunityResponse opportunity, CancellationToken cancellationToken)
    {
        var (connection, transaction, change) = step;
        var reads = await SendQueue.ReadsOfChangeAsync(connection, transaction, change.ChangeId, cancellationToken);
        var settings = options.Value;
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.ReviewRecheckDelay.Ticks * Math.Pow(2, Math.Clamp(reads - 1, 0, 20)), settings.ReviewRecheckMaxDelay.Ticks));
        var now = time.GetUtcNow();
        var at = now + delay;
        var detail = $"{OpportunityReview.WaitingDetail} (ReviewStatus {opportunity.ReviewStatus}, read {DetailStamp.Of(now)}); checked again with a read at {DetailStamp.Of(at)}";
        var ids = await SendQueue.WaitForReviewAsync(connection, transaction, change, at, detail, cancellationToken);
        await recorder.WaitingForReviewAsync(connection, transaction, ids, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogUnderReview(change.OpportunityId, ids.Length, at);
        return SendOutcome.Deferred;
    }

    // Every failure of the call is the change's outcome, except the database's (the job retries, and the unresolved
    // attempt is reconciled) and our own cancellation (the claim is released with the rollback).
    private static bool IsOutcome(Exception error, CancellationToken cancellationToken) => error switch
    {
        NpgsqlException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        PartnerCentralException { Kind: PartnerCentralErrorKind.Transient } when cancellationToken.IsCancellationRequested => false,
        _ => true,
    };

    private static CallIdentity Call(ClaimedChange change, string operation) =>
        new(change.ChangeId, change.RunId, operation, change.Catalog, change.OpportunityId);

    /// <summary>The claim's connection and transaction and the change, as each step of the pipeline needs them.</summary>
    private sealed record Step(NpgsqlConnection Connection, NpgsqlTransaction Transaction, ClaimedChange Change);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} {OpportunityId} succeeded (request {RequestId}, {ElapsedMs} ms)")]
    private partial void LogSent(string operation, string opportunityId, string? requestId, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} {OpportunityId} got {ErrorType}; attempt {Attempt} will be retried (request {RequestId})")]
    private partial void LogRetrying(string operation, string opportunityId, string errorType, int attempt, string? requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{OpportunityId} is under AWS review: {Changes} change(s) wait, checked again at {At}")]
    private partial void LogUnderReview(string opportunityId, int changes, DateTimeOffset at);

    // Never the email itself: the change id leads to it for those who may see it.
    [LoggerMessage(Level = LogLevel.Warning, Message = "AssignOpportunity {OpportunityId}: Partner Central refused the assignee of change {ChangeId} as not a user of the account; remembered, {Rejected} queued change(s) naming it rejected without a write")]
    private partial void LogUnknownAssignee(string opportunityId, long changeId, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} {OpportunityId} failed with {ErrorType} (request {RequestId})")]
    private partial void LogFailed(string operation, string opportunityId, string errorType, string? requestId);

    // The exception's type only: its message may echo what the API answered (an assignee's email).
    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} {OpportunityId} failed unexpectedly with {ExceptionType} (attempt {Attempt}); the change backs off and fails after its retries")]
    private partial void LogUnexpected(string operation, string opportunityId, string exceptionType, int attempt);

    [LoggerMessage(Level = LogLevel.Critical, Message = "SYNC PAUSED for the whole account: Partner Central answered {ErrorType} (request {RequestId}). Fix IAM or credentials, then retry.")]
    private partial void LogPaused(string errorType, string? requestId);
}
