using Connector.Changes;

namespace Connector.Sync;

/// <summary>How a run's changes are counted wherever a run is shown (the foreground sync's summary, <c>status</c>,
/// the Sync page's last runs), so they all agree: the run's changes by their status now, plus the credit the run
/// kept for changes that left it for a later run (retried, or re-applied after drift; <c>connector.run_credits</c>).</summary>
internal static class RunTally
{
    /// <summary>Joined to <c>connector.sync_runs r</c>; gives <c>tally.synced</c>, <c>unchanged</c>, <c>superseded</c>,
    /// <c>rejected</c>, <c>failed</c>, <c>deferred</c> and <c>pending</c>.</summary>
    public const string Lateral = $$"""
        cross join lateral (
            select coalesce(sum(t.n) filter (where t.status = '{{ChangeStatus.Synced}}'), 0)::int as synced,
                   coalesce(sum(t.n) filter (where t.status = '{{ChangeStatus.Unchanged}}'), 0)::int as unchanged,
                   coalesce(sum(t.n) filter (where t.status = '{{ChangeStatus.Superseded}}'), 0)::int as superseded,
                   coalesce(sum(t.n) filter (where t.status = '{{ChangeStatus.Rejected}}'), 0)::int as rejected,
                   coalesce(sum(t.n) filter (where t.status = '{{ChangeStatus.Failed}}'), 0)::int as failed,
                   coalesce(sum(t.n) filter (where t.status = '{{ChangeStatus.Deferred}}'), 0)::int as deferred,
                   coalesce(sum(t.n) filter (where t.status = '{{ChangeStatus.Pending}}'), 0)::int as pending
              from (select c.status, 1 as n from connector.crm_changes c where c.run_id = r.id
                    union all
                    select k.status, k.changes from connector.run_credits k where k.run_id = r.id) t
        ) tally
        """;
}
