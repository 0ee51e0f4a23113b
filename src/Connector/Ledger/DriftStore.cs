using Connector.Changes;
using Dapper;
using Npgsql;

namespace Connector.Ledger;

/// <summary>The drift rows the reconcile records, and re-applying them: the CRM's last desired state for the drifted
/// key goes back to pending through the normal plan. One owner for both, so the reconcile's <c>Reapply</c> policy
/// and the Sync page's re-apply button pick the same change.</summary>
public sealed class DriftStore(NpgsqlDataSource dataSource, ChangeRecorder recorder)
{
    private const string InsertSql = """
        insert into connector.drift (catalog, opportunity_id, kind, entity_type, entity_id, ledger_said, partner_central_has, request_id)
        values (@catalog, @opportunityId, @kind, @entityType, @entityId, @ledgerSaid, @partnerCentralHas, @requestId)
        returning id
        """;

    // The CRM's last desired state for a drift row's key: its latest change that was not superseded or rejected.
    // Joined laterally to connector.drift d (inner: rows that have one; left: every row), evaluated once per row.
    private const string LastDesiredOfDrift = $$"""
        lateral (select c.id from connector.crm_changes c
                  where c.catalog = d.catalog and c.opportunity_id = d.opportunity_id
                    and c.status in ('{{ChangeStatus.Synced}}', '{{ChangeStatus.Unchanged}}')
                    and ((d.entity_type is null and c.change_type = '{{ChangeType.Assign}}')
                         or (c.entity_type = d.entity_type and c.entity_id = d.entity_id))
                  order by c.changed_at desc, c.id desc
                  limit 1) last on true
        """;

    // Drift rows not yet re-applied (one, or all) that have a CRM change to re-apply; locked so two clicks on two
    // servers re-apply a row once.
    private const string ReapplicableSql = $$"""
        select d.id as drift_id, last.id as change_id
          from connector.drift d
          join {{LastDesiredOfDrift}}
         where d.reapplied_change_id is null and (@driftId::bigint is null or d.id = @driftId)
         order by d.id
           for update of d skip locked
        """;

    private const string MarkReappliedSql = "update connector.drift set reapplied_change_id = @changeId where id = @driftId";

    // The latest rows, then how many could be re-applied in all: two statements, one round trip.
    private const string LatestSql = $$"""
        select d.id, d.catalog, d.opportunity_id, d.kind, d.entity_type, d.entity_id, d.ledger_said, d.partner_central_has,
               d.found_at, d.reapplied_change_id, d.reapplied_change_id is null and last.id is not null as reapplicable
          from connector.drift d
          left join {{LastDesiredOfDrift}}
         order by d.found_at desc, d.id desc
         limit @limit;
        select count(*)::int from connector.drift d join {{LastDesiredOfDrift}} where d.reapplied_change_id is null;
        """;

    /// <summary>Records one difference (in the reconcile's transaction, with the ledger it corrects).</summary>
    public Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string catalog, string opportunityId, DriftFinding drift, string? requestId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            catalog,
            opportunityId,
            kind = drift.Kind,
            entityType = drift.EntityType,
            entityId = drift.EntityId,
            ledgerSaid = drift.LedgerSaid,
            partnerCentralHas = drift.PartnerCentralHas,
            requestId,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Re-queues the CRM's last desired state for the given drift row, or for every drift row not yet
    /// re-applied; returns how many changes went back to pending. A drift with no CRM change for its key (the ledger
    /// learned it from a read) has nothing to re-apply.</summary>
    public async Task<int> ReapplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long? driftId, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(long DriftId, long ChangeId)>(new CommandDefinition(ReapplicableSql, new { driftId }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var (drift, change) in rows)
        {
            await recorder.ReapplyAsync(connection, transaction, change, drift, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(MarkReappliedSql, new { changeId = change, driftId = drift }, transaction, cancellationToken: cancellationToken));
        }

        return rows.Count;
    }

    /// <summary>The same, in its own transaction (the Sync page's re-apply button).</summary>
    public async Task<int> ReapplyAsync(long? driftId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var count = await ReapplyAsync(connection, transaction, driftId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>The latest drift rows, newest first, and how many could be re-applied in all.</summary>
    public async Task<(IReadOnlyList<DriftRow> Latest, int Reapplicable)> ReadLatestAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(LatestSql, new { limit }, cancellationToken: cancellationToken));
        var latest = (await results.ReadAsync<DriftRow>()).ToList();
        return (latest, await results.ReadSingleAsync<int>());
    }
}

/// <summary>One drift row as the Sync page lists it (assignees were masked when it was recorded).</summary>
public sealed record DriftRow
{
    public long Id { get; init; }

    public string Catalog { get; init; } = string.Empty;

    public string OpportunityId { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public string LedgerSaid { get; init; } = string.Empty;

    public string PartnerCentralHas { get; init; } = string.Empty;

    public DateTime FoundAt { get; init; }

    public long? ReappliedChangeId { get; init; }

    public bool Reapplicable { get; init; }
}
