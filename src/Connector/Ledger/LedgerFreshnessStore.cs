using Dapper;
using Npgsql;

namespace Connector.Ledger;

/// <summary>How fresh the ledger is, for <c>status</c>, the Sync page and the reconcile's summary.</summary>
public sealed class LedgerFreshnessStore(NpgsqlDataSource dataSource)
{
    private const string FreshnessSql = """
        select (select count(*) from connector.ledger_opportunities where read_at > now() - interval '24 hours')::int as verified_last_24_hours,
               (select count(*) from (select catalog, opportunity_id from connector.ledger_associations
                                      union select catalog, opportunity_id from connector.ledger_opportunities) k)::int as known_opportunities,
               (select min(least(coalesce(lo.read_at, la.learned_at), la.learned_at))
                  from connector.ledger_associations la
                  left join connector.ledger_opportunities lo on lo.catalog = la.catalog and lo.opportunity_id = la.opportunity_id) as oldest_fact_at,
               (select count(*) from connector.drift where found_at > now() - interval '24 hours')::int as drift_last_24_hours
        """;

    private const string DriftCountsSql = "select kind, count(*)::int from connector.drift group by kind";

    /// <summary>How much of the ledger was verified in the last 24 h, how old its oldest fact is, and drift counts.</summary>
    public async Task<LedgerFreshness> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<LedgerFreshness>(new CommandDefinition(FreshnessSql, cancellationToken: cancellationToken));
        var drift = (await connection.QueryAsync<(string Kind, int Count)>(new CommandDefinition(DriftCountsSql, cancellationToken: cancellationToken)))
            .ToDictionary(d => d.Kind, d => d.Count);
        return row with { DriftByKind = drift };
    }
}

/// <summary>How fresh the ledger is.</summary>
public sealed record LedgerFreshness
{
    public int VerifiedLast24Hours { get; init; }

    public int KnownOpportunities { get; init; }

    public DateTime? OldestFactAt { get; init; }

    public int DriftLast24Hours { get; init; }

    public IReadOnlyDictionary<string, int> DriftByKind { get; init; } = new Dictionary<string, int>();
}
