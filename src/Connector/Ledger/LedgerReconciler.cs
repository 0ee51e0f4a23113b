using System.Diagnostics;
using Connector.Changes;
using Connector.Operations;
using Connector.PartnerCentral;
using Connector.Sync;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Ledger;

/// <summary>Keeps the ledger true: re-reads the opportunities it knows, oldest knowledge first, on spare read quota,
/// records every difference as a drift row, sets the ledger to what Partner Central has and, under
/// <c>Sync:DriftPolicy</c> <c>reapply</c>, re-queues the CRM's last desired state for the key. Each opportunity's
/// read, drift rows, ledger and re-queue commit together: a crash loses at most the read in flight.</summary>
public sealed partial class LedgerReconciler(
    NpgsqlDataSource dataSource,
    IPartnerCentralClient client,
    AccountPacer pacer,
    LedgerStore ledger,
    DriftStore driftStore,
    LedgerFreshnessStore freshness,
    IOptions<SyncOptions> syncOptions,
    TimeProvider time,
    ILogger<LedgerReconciler> logger,
    AlertDetector? alerts = null,
    ConnectorMetrics? metrics = null)
{
    public const string AssociationRemoved = "association-removed";
    public const string AssociationAdded = "association-added";
    public const string AssigneeChanged = "assignee-changed";

    // Only one reconcile at a time across all servers: the job and the command share the spare quota.
    private const long ReconcileLockKey = 0x5043_5245_434F; // "PCRECO"

    private const string TryLockSql = "select pg_try_advisory_lock(@key)";

    private const string UnlockSql = "select pg_advisory_unlock(@key)";

    private const string ReadsUsedSql = "select count(*)::int from connector.attempts where not is_write and slot_at > now() - interval '24 hours'";

    // Every opportunity the ledger knows, the least recently verified first (never read, then oldest read).
    private const string OldestSql = """
        with known as (
            select catalog, opportunity_id, min(learned_at) as oldest from connector.ledger_associations group by 1, 2
            union all
            select catalog, opportunity_id, coalesce(assignee_learned_at, read_at) from connector.ledger_opportunities
             where assignee_email is not null or read_at is not null)
        select k.catalog, k.opportunity_id
          from known k
          left join connector.ledger_opportunities lo on lo.catalog = k.catalog and lo.opportunity_id = k.opportunity_id
         where (@opportunities::text[] is null or k.opportunity_id = any(@opportunities))
         group by k.catalog, k.opportunity_id, lo.read_at
         order by lo.read_at nulls first, min(k.oldest)
         limit @limit
        """;

    private const string LedgerOfSql = """
        select entity_type, entity_id, associated from connector.ledger_associations
         where catalog = @catalog and opportunity_id = @opportunityId;
        select assignee_email, assignee_business_title from connector.ledger_opportunities
         where catalog = @catalog and opportunity_id = @opportunityId;
        """;

    private const string SetAssigneeUnknownSql = """
        update connector.ledger_opportunities
           set assignee_email = null, assignee_first_name = null, assignee_last_name = null, assignee_business_title = null,
               assignee_phone = null, assignee_learned_at = now()
         where catalog = @catalog and opportunity_id = @opportunityId
        """;

    /// <summary>Re-reads up to the spare read quota's worth of opportunities (or the given ones) and records drift.
    /// A dry run reads and compares but writes nothing.</summary>
    public async Task<ReconcileSummary> ReconcileAsync(bool dryRun, IReadOnlyList<string>? opportunities, CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition(TryLockSql, new { key = ReconcileLockKey }, cancellationToken: cancellationToken)))
        {
            return new ReconcileSummary { Skipped = true, Freshness = await freshness.ReadAsync(cancellationToken) };
        }

        try
        {
            var summary = await RunAsync(dryRun, opportunities, cancellationToken);
            return summary with { Freshness = await freshness.ReadAsync(cancellationToken) };
        }
        finally
        {
            await lockConnection.ExecuteAsync(new CommandDefinition(UnlockSql, new { key = ReconcileLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<ReconcileSummary> RunAsync(bool dryRun, IReadOnlyList<string>? opportunities, CancellationToken cancellationToken)
    {
        var settings = syncOptions.Value;
        var targets = new List<(string Catalog, string OpportunityId)>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            // Spare reads: what the reconcile may use of the 24 h read quota after what was read and what the plan's
            // verification may still need.
            var used = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ReadsUsedSql, cancellationToken: cancellationToken));
            var spare = Math.Max(0, settings.ReconcileReadsPer24Hours - used);
            var limit = opportunities is { Count: > 0 } ? opportunities.Count : Math.Min(spare, settings.ReconcileReadsPerRun);
            targets.AddRange(await connection.QueryAsync<(string, string)>(new CommandDefinition(OldestSql,
                new { opportunities = opportunities is { Count: > 0 } ? opportunities.ToArray() : null, limit }, cancellationToken: cancellationToken)));
        }

        var drifts = new List<DriftFinding>();
        var reapplied = 0;
        var read = 0;
        foreach (var (catalog, opportunityId) in targets)
        {
            var slot = await pacer.AcquireAsync(new CallIdentity(null, null, "GetOpportunity", catalog, opportunityId), isWrite: false, cancellationToken);
            if (slot.Status != SlotStatus.Granted)
            {
                break;
            }

            var attempt = new AttemptClock(slot.AttemptId, time.GetUtcNow(), Stopwatch.StartNew());
            GetOpportunityResponse opportunity;
            try
            {
                opportunity = await client.GetOpportunityAsync(new GetOpportunityRequest(catalog, opportunityId), cancellationToken);
            }
            catch (PartnerCentralException error)
            {
                await using var failed = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var failedTransaction = await failed.BeginTransactionAsync(cancellationToken);
                await SendQueue.CompleteAttemptAsync(failed, failedTransaction, attempt, AttemptResult.Error(SendFailure.From(error)), cancellationToken);
                await failedTransaction.CommitAsync(cancellationToken);
                LogReadFailed(catalog, opportunityId, error.ErrorType);
                continue;
            }

            read++;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The read is recorded even in a dry run (it used the quota); only the ledger and drift stay untouched.
            await SendQueue.CompleteAttemptAsync(connection, transaction, attempt, AttemptResult.Ok(200, opportunity.RequestId), cancellationToken);
            var found = await CompareAsync(connection, transaction, catalog, opportunityId, opportunity, cancellationToken);
            drifts.AddRange(found);
            if (dryRun)
            {
                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            await ledger.ApplyReadAsync(connection, transaction, catalog, opportunityId, opportunity, cancellationToken);
            foreach (var drift in found)
            {
                var driftId = await driftStore.InsertAsync(connection, transaction, catalog, opportunityId, drift, opportunity.RequestId, cancellationToken);
                if (drift.Kind == AssigneeChanged)
                {
                    // The ledger no longer knows the assignee: the next assign change is sent, not skipped.
                    await connection.ExecuteAsync(new CommandDefinition(SetAssigneeUnknownSql, new { catalog, opportunityId }, transaction, cancellationToken: cancellationToken));
                }

                if (settings.DriftPolicy == DriftPolicy.Reapply)
                {
                    reapplied += await driftStore.ReapplyAsync(connection, transaction, driftId, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (!dryRun && drifts.Count > 0)
        {
            foreach (var group in drifts.GroupBy(d => d.Kind))
            {
                metrics?.RecordDrift(group.Key, group.Count());
            }

            if (alerts is not null)
            {
                var what = string.Join(", ", drifts.GroupBy(d => d.Kind).Select(g => $"{g.Count()} {g.Key}"));
                await alerts.RaiseAsync(AlertText.DriftFound(Guid.NewGuid().ToString("N"), drifts.Count, what), cancellationToken);
            }

            LogDrift(drifts.Count, read);
        }

        return new ReconcileSummary { Read = read, Drifts = drifts, Reapplied = reapplied, DryRun = dryRun };
    }

    // What the ledger said against what Partner Central has now. An association the ledger never knew is learned,
    // not drift; one it knew absent (or present) and finds otherwise is.
    private static async Task<List<DriftFinding>> CompareAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string catalog, string opportunityId, GetOpportunityResponse opportunity, CancellationToken cancellationToken)
    {
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(LedgerOfSql, new { catalog, opportunityId }, transaction, cancellationToken: cancellationToken));
        var associations = (await results.ReadAsync<(string EntityType, string EntityId, bool Associated)>()).ToList();
        var assignee = await results.ReadSingleOrDefaultAsync<(string? Email, string? Title)>();
        var found = new List<DriftFinding>();
        foreach (var known in associations)
        {
            var listed = opportunity.RelatedEntityIdentifiers.For(known.EntityType).Contains(known.EntityId);
            if (known.Associated && !listed)
            {
                found.Add(new DriftFinding(AssociationRemoved, known.EntityType, known.EntityId, "associated", "not associated"));
            }
            else if (!known.Associated && listed)
            {
                found.Add(new DriftFinding(AssociationAdded, known.EntityType, known.EntityId, "not associated", "associated"));
            }
        }

        if (assignee.Email is { } email)
        {
            var sameTitle = opportunity.OpportunityTeam.FirstOrDefault(m => string.Equals(m.BusinessTitle?.Trim(), assignee.Title, StringComparison.Ordinal));
            var still = sameTitle is not null && string.Equals(sameTitle.Email?.Trim(), email, StringComparison.OrdinalIgnoreCase);
            if (!still)
            {
                found.Add(new DriftFinding(AssigneeChanged, null, null, $"{assignee.Title} {AssigneeContact.MaskEmail(email)}",
                    sameTitle?.Email is { } other ? $"{assignee.Title} {AssigneeContact.MaskEmail(other)}" : $"no {assignee.Title}"));
            }
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile: reading {Catalog}/{OpportunityId} failed with {ErrorType}; it is read again by a later run")]
    private partial void LogReadFailed(string catalog, string opportunityId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile found {Drifts} difference(s) between the ledger and Partner Central in {Read} opportunities read")]
    private partial void LogDrift(int drifts, int read);
}

/// <summary>What <c>Sync:DriftPolicy</c> does with a drift: report it (and set the ledger to the truth), or also
/// re-queue the CRM's last desired state for the key.</summary>
public enum DriftPolicy
{
    Report,
    Reapply,
}

/// <summary>One difference between the ledger and Partner Central (assignees masked).</summary>
public sealed record DriftFinding(string Kind, string? EntityType, string? EntityId, string LedgerSaid, string PartnerCentralHas);

/// <summary>What one reconcile did.</summary>
public sealed record ReconcileSummary
{
    public bool Skipped { get; init; }

    public bool DryRun { get; init; }

    public int Read { get; init; }

    public IReadOnlyList<DriftFinding> Drifts { get; init; } = [];

    public int Reapplied { get; init; }

    public LedgerFreshness Freshness { get; init; } = new();
}
