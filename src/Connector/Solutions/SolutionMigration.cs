using Connector.Changes;
using Connector.PartnerCentral;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Solutions;

/// <summary>Legacy-solution migration (<c>migrate-solutions</c>): a map's rows are COPYed into a temp table, then one
/// statement stages, for every opportunity the ledger shows with a mapped legacy solution (<c>S-…</c>), an associate of
/// its Marketplace solution and a disassociate of the legacy one that waits for it (<c>after_change_id</c>): AWS
/// advises attaching the replacement first, and the legacy solution is never removed without it. The changes then
/// go through the normal plan (caps, budget, preview). Runs inside the importer's transaction.</summary>
internal static class SolutionMigration
{
    private const string MapTableSql = """
        create temp table migration_map (catalog text not null, solution_id text not null,
                                         marketplace_solution_arn text not null, source_line int not null) on commit drop
        """;

    private const string CopySql = "copy migration_map (catalog, solution_id, marketplace_solution_arn, source_line) from stdin (format binary)";

    // One attach per opportunity and Marketplace solution (two legacy solutions may share a replacement); each detach
    // names the attach it waits for. The ledger says which opportunities have the legacy solution (reconcile refreshes it).
    private const string StageSql = $$"""
        with found as (
            select la.catalog, la.opportunity_id, m.solution_id, m.marketplace_solution_arn, min(m.source_line) as source_line
              from migration_map m
              join connector.ledger_associations la
                on la.catalog = m.catalog and la.entity_type = '{{RelatedEntityType.Solutions}}' and la.entity_id = m.solution_id
               and la.associated
             group by 1, 2, 3, 4),
        attach as (
            insert into connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, changed_at, import_id, source_line)
            select '{{ChangeType.Associate}}', catalog, opportunity_id, '{{RelatedEntityType.AwsMarketplaceSolutions}}', marketplace_solution_arn,
                   @changedAt, @importId, min(source_line)
              from found
             group by catalog, opportunity_id, marketplace_solution_arn
             order by catalog, opportunity_id, marketplace_solution_arn
            returning id, catalog, opportunity_id, entity_id),
        detach as (
            insert into connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, changed_at, import_id, source_line, after_change_id)
            select '{{ChangeType.Disassociate}}', f.catalog, f.opportunity_id, '{{RelatedEntityType.Solutions}}', f.solution_id,
                   @changedAt, @importId, f.source_line, a.id
              from found f
              join attach a on a.catalog = f.catalog and a.opportunity_id = f.opportunity_id and a.entity_id = f.marketplace_solution_arn
            returning catalog, opportunity_id)
        select (select count(*) from attach)::int as attaches, (select count(*) from detach)::int as detaches,
               (select count(*) from (select distinct catalog, opportunity_id from detach) o)::int as opportunities
        """;

    public static async Task<NpgsqlBinaryImporter> BeginCopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(MapTableSql, transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
        return await connection.BeginBinaryImportAsync(CopySql, ct).ConfigureAwait(false);
    }

    public static void Write(NpgsqlBinaryImporter copy, string catalog, string solutionId, string marketplaceSolutionArn, int sourceLine)
    {
        copy.StartRow();
        copy.Write(catalog, NpgsqlDbType.Text);
        copy.Write(solutionId, NpgsqlDbType.Text);
        copy.Write(marketplaceSolutionArn, NpgsqlDbType.Text);
        copy.Write(sourceLine, NpgsqlDbType.Integer);
    }

    /// <summary>Stages the pairs of the copied map; what was staged.</summary>
    public static Task<MigrationStaged> StageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long importId, DateTime changedAt, CancellationToken ct) =>
        connection.QuerySingleAsync<MigrationStaged>(new CommandDefinition(StageSql, new { importId, changedAt }, transaction, cancellationToken: ct));
}

/// <summary>What a map staged: attaches of Marketplace solutions, detaches of legacy ones, on how many opportunities.</summary>
public sealed record MigrationStaged(int Attaches, int Detaches, int Opportunities);
