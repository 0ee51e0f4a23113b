using Connector.PartnerCentral;
using Dapper;
using Npgsql;

namespace Connector.Changes;

/// <summary>Finds changes and tells one change's whole story: its row, every call made for it, where it waits in
/// the send queue, and what the ledger knows of its key. Assignee emails and phones are never returned in clear.</summary>
public sealed class ChangeHistoryStore(NpgsqlDataSource dataSource)
{
    private const string ListSql = $$"""
        select c.id, c.change_type, c.catalog, c.opportunity_id,
               case when c.change_type = '{{ChangeType.Assign}}' then 'assignee ' || coalesce(c.assignee_business_title, '')
                    else coalesce(c.entity_type, '') || ' ' || coalesce(c.entity_id, '') end as target,
               c.status, c.error_type, c.status_detail as detail, c.request_id, c.changed_at, c.processed_at, c.import_id,
               (select count(*)::int from connector.attempts a where a.change_id = c.id) as attempts
          from connector.crm_changes c
         where (@id::bigint is null or c.id = @id)
           and (@status::text is null or c.status = @status)
           and (@opportunityId::text is null or c.opportunity_id = @opportunityId)
           and (@importId::bigint is null or c.import_id = @importId)
         order by c.id desc
         limit @limit
        """;

    private const string AttemptsSql = """
        select id, operation, is_write, slot_at, sent_at, finished_at, outcome, http_status, error_type, request_id, duration_ms, run_id
          from connector.attempts
         where change_id = @id
         order by id
        """;

    private const string QueueSql = """
        select not_before, attempts, not_found_attempts, read_first, last_error
          from connector.send_queue where change_id = @id
        """;

    // What the ledger knows of the change's key: the association, or the opportunity's assignee (masked).
    private const string LedgerSql = $$"""
        select case when c.change_type = '{{ChangeType.Assign}}'
                    then case when lo.assignee_email is not null then 'assignee ' || coalesce(lo.assignee_business_title, '') end
                    when la.associated then 'associated'
                    when la.associated = false then 'not associated'
                    when lo.read_at is not null then 'not associated (not listed when read)' end as fact,
               case when c.change_type = '{{ChangeType.Assign}}' then lo.assignee_learned_at else la.learned_at end as learned_at,
               case when c.change_type = '{{ChangeType.Assign}}' then 'write' else la.learned_from end as learned_from,
               lo.read_at,
               case when c.change_type = '{{ChangeType.Assign}}' then lo.assignee_email end as assignee_email
          from connector.crm_changes c
          left join connector.ledger_associations la
                 on la.catalog = c.catalog and la.opportunity_id = c.opportunity_id
                and la.entity_type = c.entity_type and la.entity_id = c.entity_id
          left join connector.ledger_opportunities lo on lo.catalog = c.catalog and lo.opportunity_id = c.opportunity_id
         where c.id = @id
        """;

    /// <summary>The latest changes (newest first) matching every filter given.</summary>
    public async Task<IReadOnlyList<ChangeSummary>> ListAsync(string? status, string? opportunityId, long? importId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ChangeSummary>(new CommandDefinition(ListSql,
            new { id = (long?)null, status, opportunityId, importId, limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>One change's whole history, or null when there is no change with that id.</summary>
    public async Task<ChangeHistory?> ShowAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var change = await connection.QuerySingleOrDefaultAsync<ChangeSummary>(new CommandDefinition(ListSql,
            new { id = (long?)id, status = (string?)null, opportunityId = (string?)null, importId = (long?)null, limit = 1 }, cancellationToken: cancellationToken));
        if (change is null)
        {
            return null;
        }

        var attempts = (await connection.QueryAsync<ChangeAttempt>(new CommandDefinition(AttemptsSql, new { id }, cancellationToken: cancellationToken))).ToList();
        var queued = await connection.QuerySingleOrDefaultAsync<ChangeQueueEntry>(new CommandDefinition(QueueSql, new { id }, cancellationToken: cancellationToken));
        var ledger = await connection.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(LedgerSql, new { id }, cancellationToken: cancellationToken));
        var fact = ledger?.Fact is null ? null : new ChangeLedgerFact
        {
            // The assignee's email leaves the store masked only.
            Fact = ledger.AssigneeEmail is { } email ? $"{ledger.Fact} {AssigneeContact.MaskEmail(email)}" : ledger.Fact,
            LearnedAt = ledger.LearnedAt,
            LearnedFrom = ledger.LearnedFrom,
            ReadAt = ledger.ReadAt,
        };
        return new ChangeHistory(change, attempts, queued, fact);
    }

    /// <summary>The ledger query's row, with the assignee's email still in clear: never leaves the store.</summary>
    private sealed class LedgerRow
    {
        public string? Fact { get; init; }

        public DateTime? LearnedAt { get; init; }

        public string? LearnedFrom { get; init; }

        public DateTime? ReadAt { get; init; }

        public string? AssigneeEmail { get; init; }
    }
}

/// <summary>A change as listed: what it asks (the assignee by title only), where it stands, and how many calls it took.</summary>
public sealed class ChangeSummary
{
    public long Id { get; init; }

    public string? ChangeType { get; init; }

    public string Catalog { get; init; } = string.Empty;

    public string? OpportunityId { get; init; }

    public string Target { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public string? ErrorType { get; init; }

    public string? Detail { get; init; }

    public string? RequestId { get; init; }

    public DateTime ChangedAt { get; init; }

    public DateTime? ProcessedAt { get; init; }

    public long? ImportId { get; init; }

    public int Attempts { get; init; }
}

/// <summary>One call made for a change (a write, or the read that checked an uncertain one).</summary>
public sealed class ChangeAttempt
{
    public long Id { get; init; }

    public string Operation { get; init; } = string.Empty;

    public bool IsWrite { get; init; }

    public DateTime SlotAt { get; init; }

    public DateTime? SentAt { get; init; }

    public DateTime? FinishedAt { get; init; }

    public string Outcome { get; init; } = string.Empty;

    public int? HttpStatus { get; init; }

    public string? ErrorType { get; init; }

    public string? RequestId { get; init; }

    public int? DurationMs { get; init; }

    public long? RunId { get; init; }
}

/// <summary>Where a change waits in the send queue.</summary>
public sealed class ChangeQueueEntry
{
    public DateTime NotBefore { get; init; }

    public int Attempts { get; init; }

    public int NotFoundAttempts { get; init; }

    public bool ReadFirst { get; init; }

    public string? LastError { get; init; }
}

/// <summary>What the ledger knows of the change's key, and since when.</summary>
public sealed class ChangeLedgerFact
{
    public string? Fact { get; init; }

    public DateTime? LearnedAt { get; init; }

    public string? LearnedFrom { get; init; }

    public DateTime? ReadAt { get; init; }
}

/// <summary>One change's whole history.</summary>
public sealed record ChangeHistory(ChangeSummary Change, IReadOnlyList<ChangeAttempt> Attempts, ChangeQueueEntry? Queued, ChangeLedgerFact? Ledger);
