using System.Diagnostics;
using Connector.Changes;
using Connector.PartnerCentral;
using Connector.Sources;
using Connector.Sync;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Solutions;

/// <summary>Owns <c>connector.solution_lists</c> and <c>connector.solutions</c>: the account's partner solutions as
/// <c>ListSolutions</c> (a read, paced like every read) last listed them. Refreshed by the hourly job, by
/// <c>connector solutions refresh</c>, and before a plan when a pending associate names a solution the list does not
/// have and the list is older than the change. The planner rejects, before any write, an associate of a solution the
/// list shows Inactive or Draft, or does not have although it was taken after the change (<see cref="SyncPlanner"/>).</summary>
public sealed partial class SolutionCache(
    NpgsqlDataSource dataSource,
    IPartnerCentralClient client,
    AccountPacer pacer,
    IOptions<SourcesOptions> sources,
    TimeProvider time,
    ILogger<SolutionCache> logger)
{
    private const string CatalogsSql = "select catalog from connector.solution_lists union select @defaultCatalog";

    // Pending, not yet planned associates of legacy solutions the catalog's list does not have, made after it was taken
    // (an empty list judges nothing, so it is not asked again for them).
    private const string StaleCatalogsSql = $$"""
        select distinct c.catalog
          from connector.crm_changes c
          join connector.solution_lists l on l.catalog = c.catalog and l.refreshed_at < c.changed_at
         where c.status = '{{ChangeStatus.Pending}}' and c.change_type = '{{ChangeType.Associate}}' and c.entity_type = '{{RelatedEntityType.Solutions}}'
           and not exists (select 1 from connector.solutions s where s.catalog = c.catalog and s.solution_id = c.entity_id)
           and not exists (select 1 from connector.send_queue q where q.change_id = c.id)
           and exists (select 1 from connector.solutions x where x.catalog = l.catalog)
        """;

    private const string ReplaceSql = """
        insert into connector.solution_lists (catalog, refreshed_at, request_id) values (@catalog, @refreshedAt, @requestId)
            on conflict (catalog) do update set refreshed_at = excluded.refreshed_at, request_id = excluded.request_id;
        delete from connector.solutions where catalog = @catalog;
        insert into connector.solutions (catalog, solution_id, arn, name, status)
        select @catalog, id, arn, name, status from unnest(@ids, @arns, @names, @statuses) as t (id, arn, name, status);
        """;

    private const string ListSql = """
        select l.catalog, l.refreshed_at, s.solution_id, s.arn, s.name, s.status
          from connector.solution_lists l
          left join connector.solutions s on s.catalog = l.catalog
         order by l.catalog, s.solution_id
        """;

    /// <summary>Lists every known catalog's solutions again (the hourly job): the default catalog and every catalog
    /// listed before. Returns what each refresh did.</summary>
    public async Task<IReadOnlyList<SolutionRefresh>> RefreshAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var catalogs = (await connection.QueryAsync<string>(new CommandDefinition(CatalogsSql, new { defaultCatalog = sources.Value.DefaultCatalog }, cancellationToken: cancellationToken))).ToList();
        var results = new List<SolutionRefresh>();
        foreach (var catalog in catalogs)
        {
            results.Add(await RefreshAsync(catalog, cancellationToken));
        }

        return results;
    }

    /// <summary>Before a plan: lists again the catalogs whose pending associates name a solution the list does not
    /// have and that changed after the list was taken (a new solution, or a typo: the plan then tells which).</summary>
    public async Task RefreshWhereUnknownAsync(CancellationToken cancellationToken)
    {
        List<string> catalogs;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            catalogs = (await connection.QueryAsync<string>(new CommandDefinition(StaleCatalogsSql, cancellationToken: cancellationToken))).ToList();
        }

        foreach (var catalog in catalogs)
        {
            await RefreshAsync(catalog, cancellationToken);
        }
    }

    /// <summary>Lists the catalog's solutions, every page, and replaces what is kept in one transaction. A refused or
    /// failed read (no <c>partnercentral:ListSolutions</c> permission, throttling) keeps the last list and is reported,
    /// never pauses the sync: the list only spares writes, it is not needed to send.</summary>
    public async Task<SolutionRefresh> RefreshAsync(string catalog, CancellationToken cancellationToken)
    {
        // The list is as of its first page: a change made later may be missing from it, so it is not judged by it.
        var listedAt = time.GetUtcNow();
        var solutions = new List<SolutionSummary>();
        string? token = null;
        string? requestId = null;
        do
        {
            var slot = await pacer.AcquireAsync(new CallIdentity(null, null, "ListSolutions", catalog, string.Empty), isWrite: false, cancellationToken);
            if (slot.Status != SlotStatus.Granted)
            {
                return new SolutionRefresh(catalog, false, 0, "the sync is paused");
            }

            var attempt = new AttemptClock(slot.AttemptId, time.GetUtcNow(), Stopwatch.StartNew());
            ListSolutionsResponse page;
            try
            {
                page = await client.ListSolutionsAsync(new ListSolutionsRequest(catalog, token, 100), cancellationToken);
            }
            catch (Exception error) when (!(error is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var failure = SendFailure.From(error);
                await RecordAttemptAsync(attempt, AttemptResult.Error(failure), cancellationToken);
                LogRefreshFailed(catalog, failure.ErrorType, failure.RequestId);
                return new SolutionRefresh(catalog, false, 0, failure.ErrorType);
            }

            await RecordAttemptAsync(attempt, AttemptResult.Ok(200, page.RequestId), cancellationToken);
            solutions.AddRange(page.Solutions);
            requestId ??= page.RequestId;
            token = page.NextToken;
        }
        while (token is not null);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unique = solutions.DistinctBy(s => s.Id).ToList();
        await connection.ExecuteAsync(new CommandDefinition(ReplaceSql, new
        {
            catalog,
            refreshedAt = listedAt.UtcDateTime,
            requestId,
            ids = unique.Select(s => s.Id).ToArray(),
            arns = unique.Select(s => s.Arn).ToArray(),
            names = unique.Select(s => s.Name).ToArray(),
            statuses = unique.Select(s => s.Status).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        LogRefreshed(catalog, unique.Count, unique.Count(s => s.Status != SolutionStatus.Active));
        return new SolutionRefresh(catalog, true, unique.Count, null);
    }

    /// <summary>Every listed catalog with its solutions, as last listed.</summary>
    public async Task<IReadOnlyList<SolutionList>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Catalog, DateTime RefreshedAt, string? SolutionId, string? Arn, string? Name, string? Status)>(
            new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return rows.GroupBy(r => (r.Catalog, r.RefreshedAt))
            .Select(g => new SolutionList(g.Key.Catalog, DateTime.SpecifyKind(g.Key.RefreshedAt, DateTimeKind.Utc),
                g.Where(r => r.SolutionId is not null).Select(r => new SolutionSummary(r.SolutionId!, r.Arn, r.Name, r.Status!)).ToList()))
            .ToList();
    }

    private async Task RecordAttemptAsync(AttemptClock attempt, AttemptResult result, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SendQueue.CompleteAttemptAsync(connection, transaction, attempt, result, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ListSolutions {Catalog}: {Count} solutions, {NotActive} not active")]
    private partial void LogRefreshed(string catalog, int count, int notActive);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ListSolutions {Catalog} failed with {ErrorType} (request {RequestId}); the last list is kept")]
    private partial void LogRefreshFailed(string catalog, string errorType, string? requestId);
}

/// <summary>What one refresh did: listed (and how many solutions), or why not.</summary>
public sealed record SolutionRefresh(string Catalog, bool Listed, int Solutions, string? Failure);

/// <summary>A catalog's solutions as last listed.</summary>
public sealed record SolutionList(string Catalog, DateTime RefreshedAt, IReadOnlyList<SolutionSummary> Solutions);

/// <summary>ListSolutions' status values.</summary>
public static class SolutionStatus
{
    public const string Active = "Active";
}
