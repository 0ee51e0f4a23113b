using Connector.Assignees;
using Connector.Changes;
using Connector.PartnerCentral;
using Connector.Reviews;
using Connector.Solutions;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Sync;

/// <summary>The diff: turns every pending change into exactly the calls Partner Central still needs, in one
/// set-based pass over temp tables inside the caller's transaction. Superseded, no-op, invalid and cap-breaking
/// changes are settled here without a call; the rest go to <c>connector.send_queue</c>.</summary>
public sealed class SyncPlanner(IOptions<SyncOptions> syncOptions, IOptions<PartnerCentralOptions> apiOptions, ChangeRecorder recorder)
{
    // Only one planner at a time across all servers: the diff reads the ledger and the queue as a whole.
    private const long PlannerLockKey = 0x5043_504C_414E; // "PCPLAN"

    private const string LockSql = "select pg_advisory_xact_lock(@key)";

    // The pass hashes and sorts up to every pending row at once (~120 MB at 1M rows). At the default 4 MB the hash
    // joins spill into batches, and the write-back then visits crm_changes batch by batch instead of once in id order.
    private const string MemorySql = "set local work_mem = '256MB'";

    // New pending rows (not yet queued), snapshotted: rows arriving during the pass wait for the next one.
    private const string CandidatesSql = $$"""
        create temp table plan_cand on commit drop as
        select c.id, c.change_type, c.catalog, c.opportunity_id, c.entity_type, c.entity_id, c.changed_at,
               c.assignee_email, c.assignee_first_name, c.assignee_last_name, c.assignee_business_title, c.assignee_phone
        from connector.crm_changes c
        where c.status = '{{ChangeStatus.Pending}}'
          and not exists (select 1 from connector.send_queue q where q.change_id = c.id);
        create temp table plan_rejects (id bigint primary key, detail text not null, error_type text not null) on commit drop;
        create temp table plan_assignees (id bigint primary key, email text not null, first_name text not null,
                                          last_name text not null, business_title text not null, phone text) on commit drop;
        """;

    private const string ReadCandidatesSql = $$"""
        select id, change_type, catalog, opportunity_id, entity_type, entity_id,
               assignee_email, assignee_first_name, assignee_last_name, assignee_business_title, assignee_phone
        from plan_cand
        """;

    // The assignee as it will be sent comes from C# (RequestValidator.Normalise, the one rule: plan_assignees), so a
    // tab or a no-break space around a name compares as it is sent.
    private const string NewChangesSql = $$"""
        create temp table plan_new on commit drop as
        select c.id, c.change_type, c.catalog, c.opportunity_id, c.entity_type, c.entity_id, c.changed_at,
               a.email, a.first_name, a.last_name, a.business_title, a.phone,
               case when c.change_type = '{{ChangeType.Assign}}' then c.catalog || '/' || c.opportunity_id || '/assignee'
                    else c.catalog || '/' || c.opportunity_id || '/' || c.entity_type || '/' || c.entity_id end as change_key
          from plan_cand c
          left join plan_assignees a on a.id = c.id
         where not exists (select 1 from plan_rejects r where r.id = c.id);
        -- Temp tables have no statistics until analyzed; without them Postgres picks nested loops (minutes at 100k rows).
        analyze plan_new;
        """;

    // Queued-but-unsent changes for the same keys compete with the new ones. A queued row locked by a sender is
    // in flight, and one with an unresolved attempt may have reached Partner Central: their keys wait a pass.
    private const string ContendersSql = $$"""
        create temp table plan_queued (id bigint primary key, change_key text not null, changed_at timestamptz not null) on commit drop;
        with locked as (
            select q.change_id, q.change_key, c.changed_at
              from connector.send_queue q
              join connector.crm_changes c on c.id = q.change_id
             where q.change_key in (select change_key from plan_new)
               for update of q skip locked)
        insert into plan_queued select * from locked;
        analyze plan_queued;

        create temp table plan_busy on commit drop as
        select distinct q.change_key
          from connector.send_queue q
         where q.change_key in (select change_key from plan_new)
           and (not exists (select 1 from plan_queued p where p.id = q.change_id)
                or exists (select 1 from connector.attempts a where a.change_id = q.change_id and a.outcome = 'sending'));
        create temp table plan_held (id bigint not null) on commit drop;
        with held as (delete from plan_new where change_key in (select change_key from plan_busy) returning id)
        insert into plan_held select id from held;
        delete from plan_queued where change_key in (select change_key from plan_busy);

        -- One sort gives every change its key's winner (and the losers theirs). Byte order groups the keys exactly as
        -- any deterministic collation does, without locale-aware comparisons on a non-C database.
        -- (wins is a column so that it has statistics: "id = winner" is estimated at 0.5 % of the rows.)
        create temp table plan_keys on commit drop as
        select id, winner, id = winner as wins
          from (select k.id, first_value(k.id) over (partition by k.change_key collate "C" order by k.changed_at desc, k.id desc) as winner
                  from (select id, change_key, changed_at from plan_new
                        union all
                        select id, change_key, changed_at from plan_queued) k) r;
        analyze plan_keys;
        """;

    // For each key only the latest change counts; an associate followed by a disassociate cancels out here
    // (the associate is superseded, the disassociate is then a no-op against the ledger or read first).
    private const string SupersedeSql = $$"""
        create temp table plan_losers on commit drop as
        select id, winner from plan_keys where not wins;
        analyze plan_losers;

        delete from connector.send_queue q using plan_losers l where q.change_id = l.id;
        """;

    // The winners among the new rows, against the ledger. Known state: the ledger row if there is one; else, if the
    // opportunity was read, absent; else unknown.
    private const string EvaluateSql = $$"""
        create temp table plan_eval on commit drop as
        select x.*,
               case when x.satisfied and (x.trusted or not @readFirst) then 'unchanged'
                    -- It would be unchanged, but on an old fact: read the opportunity, then decide.
                    when x.satisfied then 'verify'
                    when x.change_type = '{{ChangeType.Disassociate}}' and x.known is null and @readFirst then 'read_first'
                    else 'send' end as decision
          from (
        -- Whether the ledger shows Partner Central already has what the change asks.
        select y.*,
               coalesce(case y.change_type when '{{ChangeType.Associate}}' then y.known
                                           when '{{ChangeType.Disassociate}}' then not y.known
                                           else y.assignee_same end, false) as satisfied
          from (
        select n.*,
               case when n.change_type = '{{ChangeType.Assign}}' then null
                    else coalesce(la.associated, case when lo.read_at is not null then false end) end as known,
               coalesce(la.set_by_request_id, lo.assignee_request_id) as ledger_request_id,
               (n.change_type = '{{ChangeType.Assign}}'
                 and lo.assignee_email = n.email and lo.assignee_first_name = n.first_name
                 and lo.assignee_last_name = n.last_name and lo.assignee_business_title = n.business_title
                 and lo.assignee_phone is not distinct from n.phone) as assignee_same,
               lo.assignee_email is not null as assignee_known,
               -- The age of the fact the decision rests on: the association's, else the read's, else the assignee's.
               coalesce(case when n.change_type = '{{ChangeType.Assign}}' then lo.assignee_learned_at
                             else coalesce(la.learned_at, lo.read_at) end, '-infinity') > now() - @trustAge
                   or @trustAge = interval '0' as trusted
          from plan_new n
          join plan_keys w on w.id = n.id and w.wins
          left join connector.ledger_associations la
                 on n.change_type <> '{{ChangeType.Assign}}'
                and la.catalog = n.catalog and la.opportunity_id = n.opportunity_id
                and la.entity_type = n.entity_type and la.entity_id = n.entity_id
          left join connector.ledger_opportunities lo
                 on lo.catalog = n.catalog and lo.opportunity_id = n.opportunity_id) y) x;
        create index on plan_eval (id);
        -- Unanalysed, the temp table is estimated at a few thousand rows and every join with it becomes a nested loop.
        analyze plan_eval;
        """;

    // The decisions of plan_eval that reject a change before any call (one place for the status, the settling and the
    // count); unqualified, as plan_eval is the only table with a decision column wherever it is used.
    private const string RejectedDecision =
        "(decision like 'cap:%' or decision like 'excl:%' or decision like 'solution:%' or decision = 'unknown_assignee')";

    // An assignee Partner Central refused as not a user of the account (remembered, not expired) costs no second
    // write: an assignment that would be sent to it is rejected before any call, worded by UnknownAssigneeStore.
    private const string UnknownAssigneesSql = $$"""
        update plan_eval e set decision = 'unknown_assignee'
         where @remember and e.change_type = '{{ChangeType.Assign}}' and e.decision = 'send'
           and exists (select 1 from connector.unknown_assignees u where u.email = e.email and u.expires_at > now());
        """;

    // A legacy solution the account's last ListSolutions shows Inactive or Draft, or does not have although it was
    // listed after the change was made, would be refused: rejected before any call (SolutionCache). A catalog never
    // listed, or listed empty (an account without solutions, or an emulator that lists none), checks nothing.
    private const string SolutionsSql = $$"""
        with verdict as (
            select e.id, s.status, l.refreshed_at >= e.changed_at and l.solutions > 0 as listed_after
              from plan_eval e
              join (select l.catalog, l.refreshed_at, (select count(*) from connector.solutions x where x.catalog = l.catalog) as solutions
                      from connector.solution_lists l) l on l.catalog = e.catalog
              left join connector.solutions s on s.catalog = e.catalog and s.solution_id = e.entity_id
             where e.change_type = '{{ChangeType.Associate}}' and e.entity_type = '{{RelatedEntityType.Solutions}}' and e.decision = 'send')
        update plan_eval e set decision = 'solution:' || coalesce(v.status, 'unknown')
          from verdict v
         where e.id = v.id and v.status is distinct from '{{SolutionStatus.Active}}' and (v.status is not null or v.listed_after);
        """;

    // Verification reads within their share of the read quota (what the last 24 h read and the queued reads will):
    // the oldest changes are checked first, the rest wait for a later pass, pending.
    private const string VerifyBudgetSql = """
        with ranked as (
            select id, row_number() over (order by id) as rn from plan_eval where decision = 'verify')
        update plan_eval e set decision = 'wait_read'
          from ranked r
         where e.id = r.id
           and r.rn > greatest(@verifyReads
                               - (select count(*) from connector.attempts where not is_write and slot_at > now() - interval '24 hours')
                               - (select count(*) from connector.send_queue where read_first), 0);
        """;

    // Per-opportunity caps, given the ledger and what is already queued: associates beyond the cap are rejected
    // (oldest first keep their place). Disassociates planned for the same type free room.
    private const string CapsSql = $$"""
        create temp table plan_caps on commit drop as
        with groups as (
            select distinct e.catalog, e.opportunity_id, e.entity_type, cap.cap
              from plan_eval e
              join (values ('AwsProducts', 20), ('Solutions', 10), ('AwsMarketplaceOffers', 1),
                         ('AwsMarketplaceSolutions', 10), ('AwsMarketplaceProducts', 10)) as cap (entity_type, cap)
                on cap.entity_type = e.entity_type
             where e.change_type = '{{ChangeType.Associate}}' and e.decision = 'send'),
        in_ledger as (
            select la.catalog, la.opportunity_id, la.entity_type, count(*) as n
              from connector.ledger_associations la
              join groups g on g.catalog = la.catalog and g.opportunity_id = la.opportunity_id and g.entity_type = la.entity_type
             where la.associated
             group by 1, 2, 3),
        queued as (
            select q.catalog, q.opportunity_id, c.entity_type,
                   count(*) filter (where c.change_type = '{{ChangeType.Associate}}') as associates,
                   count(*) filter (where c.change_type = '{{ChangeType.Disassociate}}') as disassociates
              from connector.send_queue q
              join connector.crm_changes c on c.id = q.change_id
              join groups g on g.catalog = q.catalog and g.opportunity_id = q.opportunity_id and g.entity_type = c.entity_type
             group by 1, 2, 3),
        planned_disassociates as (
            select catalog, opportunity_id, entity_type, count(*) as n
              from plan_eval
             where change_type = '{{ChangeType.Disassociate}}' and decision in ('send', 'read_first')
             group by 1, 2, 3)
        select g.catalog, g.opportunity_id, g.entity_type, g.cap,
               coalesce(l.n, 0) as ledger_true,
               coalesce(q.associates, 0) as queued_assoc,
               coalesce(q.disassociates, 0) + coalesce(d.n, 0) as freeing
          from groups g
          left join in_ledger l on l.catalog = g.catalog and l.opportunity_id = g.opportunity_id and l.entity_type = g.entity_type
          left join queued q on q.catalog = g.catalog and q.opportunity_id = g.opportunity_id and q.entity_type = g.entity_type
          left join planned_disassociates d on d.catalog = g.catalog and d.opportunity_id = g.opportunity_id and d.entity_type = g.entity_type;
        analyze plan_caps;

        with ranked as (
            select e.id, e.entity_type, c.cap,
                   row_number() over (partition by e.catalog, e.opportunity_id, e.entity_type order by e.changed_at, e.id) as rn,
                   c.cap - c.ledger_true - c.queued_assoc + c.freeing as room
              from plan_eval e
              join plan_caps c on c.catalog = e.catalog and c.opportunity_id = e.opportunity_id and c.entity_type = e.entity_type
             where e.change_type = '{{ChangeType.Associate}}' and e.decision = 'send')
        update plan_eval e set decision = 'cap:' || r.cap || ' ' || r.entity_type
          from ranked r
         where e.id = r.id and r.rn > greatest(r.room, 0);
        """;

    // AWS: an opportunity holds one Marketplace offer or one offer set, not both. An associate of one is rejected
    // before any call while the ledger, the queue or an earlier associate of this pass has the other; a swap needs
    // the disassociate synced first.
    private const string ExclusiveSql = $$"""
        with pairs (entity_type, other) as (
            values ('AwsMarketplaceOffers', 'AwsMarketplaceOfferSets'), ('AwsMarketplaceOfferSets', 'AwsMarketplaceOffers'))
        update plan_eval e set decision = 'excl:' || p.other
          from pairs p
         where e.entity_type = p.entity_type and e.change_type = '{{ChangeType.Associate}}' and e.decision = 'send'
           and (exists (select 1 from connector.ledger_associations la
                         where la.catalog = e.catalog and la.opportunity_id = e.opportunity_id
                           and la.entity_type = p.other and la.associated)
                or exists (select 1 from connector.send_queue q
                             join connector.crm_changes c on c.id = q.change_id
                            where q.catalog = e.catalog and q.opportunity_id = e.opportunity_id
                              and c.entity_type = p.other and c.change_type = '{{ChangeType.Associate}}')
                or exists (select 1 from plan_eval o
                            where o.catalog = e.catalog and o.opportunity_id = e.opportunity_id
                              and o.entity_type = p.other and o.change_type = '{{ChangeType.Associate}}' and o.decision = 'send'
                              and (o.changed_at, o.id) < (e.changed_at, e.id)));
        """;

    // Associations before assignment before disassociations (AWS: attach the replacement first) - except where the
    // type is at its cap, where the disassociate must make room first.
    private const string SendSql = $$"""
        create temp table plan_send on commit drop as
        select e.id, e.catalog, e.opportunity_id, e.change_type, e.change_key, e.decision in ('read_first', 'verify') as read_first,
               case when e.change_type = '{{ChangeType.Disassociate}}'
                         and exists (select 1 from plan_caps c
                                      where c.catalog = e.catalog and c.opportunity_id = e.opportunity_id
                                        and c.entity_type = e.entity_type and c.ledger_true + c.queued_assoc >= c.cap) then -1
                    when e.change_type = '{{ChangeType.Associate}}' then 0
                    when e.change_type = '{{ChangeType.Assign}}' then 1
                    else 2 end::smallint as priority
          from plan_eval e
         where e.decision in ('send', 'read_first', 'verify');
        analyze plan_send;
        """;

    private const string WritesUsedSql = $$"""
        select count(*)::int from connector.attempts where is_write and slot_at > now() - interval '24 hours'
        """;

    // Due work beyond what the rolling 24 h budget allows waits until enough earlier writes leave the window. Ranked
    // before anything is written: the new calls together with the due ones queued by earlier passes, so each new
    // queue row is inserted once with its moment, and only earlier rows that now wait are updated.
    private const string DeferSql = $$"""
        create temp table plan_defer on commit drop as
        with due as (
            select q.change_id, q.priority, false as is_new
              from connector.send_queue q
             where q.not_before <= now()
            union all
            select s.id, s.priority, true from plan_send s),
        ranked as (
            select change_id, is_new, row_number() over (order by priority, change_id) as rn from due),
        window_writes as (
            select slot_at, row_number() over (order by slot_at) as k
              from connector.attempts
             where is_write and slot_at > now() - interval '24 hours'),
        over as (
            select r.change_id, r.is_new, r.rn - @left as k from ranked r where r.rn > @left)
        select o.change_id, o.is_new,
               coalesce(w.slot_at, now() + make_interval(days => 1 + ((o.k - 1) / greatest(@budget, 1))::int) - interval '24 hours')
                   + interval '24 hours' as at
          from over o left join window_writes w on w.k = o.k;
        analyze plan_defer;

        insert into connector.send_queue (change_id, run_id, catalog, opportunity_id, operation, change_key, priority, read_first, not_before)
        select s.id, @run, s.catalog, s.opportunity_id,
               case s.change_type when '{{ChangeType.Associate}}' then 'AssociateOpportunity'
                                  when '{{ChangeType.Disassociate}}' then 'DisassociateOpportunity'
                                  else 'AssignOpportunity' end,
               s.change_key, s.priority, s.read_first, coalesce(d.at, now())
          from plan_send s
          left join plan_defer d on d.change_id = s.id;

        -- Earlier rows: only those still queued once a sender holding one lets go (one just sent is gone).
        create temp table plan_moved (change_id bigint not null, not_before timestamptz not null) on commit drop;
        with moved as (
            update connector.send_queue q set not_before = d.at
              from plan_defer d
             where q.change_id = d.change_id and not d.is_new
            returning q.change_id, q.not_before)
        insert into plan_moved select change_id, not_before from moved;
        """;

    // A new change of an opportunity whose queued changes wait for AWS's review would meet the review once more: it
    // waits with them (same moment, read first, same wording), queued anew then like them (ChangeSender.WaitForReview).
    private const string ReviewWaitSql = $$"""
        create temp table plan_review on commit drop as
        with waiting as (
            select distinct on (catalog, opportunity_id) catalog, opportunity_id, not_before as at, last_error as detail
              from connector.send_queue
             where last_error like '{{OpportunityReview.WaitingDetail}}%' and not_before > now()
             order by catalog, opportunity_id, not_before desc)
        select s.id as change_id, w.at, w.detail
          from plan_send s
          join waiting w on w.catalog = s.catalog and w.opportunity_id = s.opportunity_id;

        update connector.send_queue q
           set not_before = greatest(q.not_before, r.at), enqueued_at = r.at, read_first = true, last_error = r.detail
          from plan_review r
         where q.change_id = r.change_id;
        """;

    // Every decision of the pass, each staged row once, for the recorder to write back in one statement (all of
    // these updates are non-HOT: status and run_id are indexed). Queued rows only get the run; deferred ones say when.
    private const string OutcomeSql = $$"""
        create temp table plan_outcome on commit drop as
        select r.id, '{{ChangeStatus.Rejected}}' as status, r.detail, r.error_type, null::timestamptz as deferred_until, true as settled, @run::bigint as run_id
          from plan_rejects r
        union all
        select l.id, '{{ChangeStatus.Superseded}}', 'replaced by change ' || l.winner || ' before it was sent', null, null, true, @run
          from plan_losers l
        union all
        select e.id,
               case when e.decision = 'unchanged' then '{{ChangeStatus.Unchanged}}'
                    when {{RejectedDecision}} then '{{ChangeStatus.Rejected}}'
                    when e.decision = 'wait_read' then '{{ChangeStatus.Pending}}'
                    when rv.change_id is not null then '{{ChangeStatus.Deferred}}'
                    when d.at is not null then '{{ChangeStatus.Deferred}}' end,
               case when e.decision = 'unchanged' then
                        case when e.change_type = '{{ChangeType.Assign}}' then 'Partner Central already has this assignee'
                             when e.known then 'Partner Central already has this association'
                             else 'Partner Central does not have this association' end
                        || coalesce(' (request ' || e.ledger_request_id || ')', '')
                    when e.decision = 'wait_read' then
                        'waiting for a read: Partner Central seemed to have this already, but the ledger learned it more than '
                        || 'Sync:LedgerTrustAge ago and the verification reads of the last 24 h are used; a later pass checks it'
                    when e.decision like 'cap:%' then
                        'RelatedEntityIdentifier: the opportunity would have more than '
                        || split_part(substr(e.decision, 5), ' ', 1) || ' ' || split_part(substr(e.decision, 5), ' ', 2)
                        || ' associated (per-opportunity cap) (TOO_MANY_VALUES)'
                    when e.decision like 'excl:%' then
                        'RelatedEntityType: the opportunity already has ' || substr(e.decision, 6)
                        || '; one Marketplace offer or one offer set, not both (INVALID_VALUE)'
                    when e.decision = 'unknown_assignee' then {{UnknownAssigneeStore.DetailSql}}
                    when rv.change_id is not null then rv.detail
                    when e.decision = 'solution:unknown' then
                        'RelatedEntityIdentifier: ' || e.entity_id || ' is not one of the account''s solutions (ListSolutions at '
                        || to_char(sl.refreshed_at at time zone 'UTC', {{DetailStamp.Sql}}) || ') (INVALID_VALUE)'
                    when e.decision like 'solution:%' then
                        'RelatedEntityIdentifier: solution ' || e.entity_id || ' is ' || substr(e.decision, 10)
                        || ' in Partner Central (ListSolutions at ' || to_char(sl.refreshed_at at time zone 'UTC', {{DetailStamp.Sql}})
                        || '); only an active solution can be associated (INVALID_VALUE)' end,
               case when e.decision like 'cap:%' then 'TOO_MANY_VALUES' when e.decision like 'excl:%' or e.decision like 'solution:%' then 'INVALID_VALUE'
                    when e.decision = 'unknown_assignee' then '{{UnknownAssigneeStore.ErrorType}}' end,
               d.at,
               e.decision = 'unchanged' or {{RejectedDecision}},
               @run
          from plan_eval e
          left join plan_defer d on d.change_id = e.id
          left join plan_review rv on rv.change_id = e.id
          left join connector.unknown_assignees u on e.decision = 'unknown_assignee' and u.email = e.email
          left join connector.solution_lists sl on e.decision like 'solution:%' and sl.catalog = e.catalog
        union all
        select m.change_id, '{{ChangeStatus.Deferred}}', null, null, m.not_before, false, null
          from plan_moved m
         order by id;
        analyze plan_outcome;
        """;

    // Every candidate this pass decided is settled or queued now; only the held-back ones can still be pending.
    private const string CountsSql = $$"""
        select
          (select count(*) from plan_losers)::int as superseded,
          (select count(*) from plan_eval where decision = 'unchanged')::int as unchanged,
          (select count(*) from plan_rejects)::int + (select count(*) from plan_eval where {{RejectedDecision}})::int as rejected,
          (select count(*) from plan_send)::int as queued,
          (select count(*) from plan_send where read_first)::int as readfirst,
          (select count(*) from plan_eval where decision = 'verify')::int as verifying,
          (select count(*) from plan_eval where decision = 'wait_read')::int as waitingforread,
          (select count(*) from plan_defer where is_new)::int as deferred,
          (select count(*) from plan_held p join connector.crm_changes c on c.id = p.id
            where c.status = '{{ChangeStatus.Pending}}' and not exists (select 1 from connector.send_queue q where q.change_id = c.id))::int as heldback,
          (select count(*) from connector.send_queue where not_before <= now())::int as writesdue
        """;

    // PlannedCall and RejectedChange are positional records: Dapper matches constructor parameters by exact name
    // (MatchNamesWithUnderscores covers properties only), so these columns keep their aliases.
    private const string PreviewSql = $$"""
        select q.change_id as ChangeId, q.operation as Operation, q.catalog as Catalog, q.opportunity_id as OpportunityId,
               case when c.change_type = '{{ChangeType.Assign}}' then 'assignee ' || coalesce(c.assignee_business_title, '')
                    else c.entity_type || ' ' || c.entity_id end as Target,
               case when q.read_first and e.decision = 'verify' then 'read first: what the ledger knows of it is older than Sync:LedgerTrustAge'
                    when q.read_first then 'read first: the connector does not know yet whether Partner Central has it; sent only if it lacks it'
                    when e.id is null then 'queued earlier' || case when q.attempts > 0 then ', ' || q.attempts || ' attempt(s) so far' else '' end
                    when c.change_type = '{{ChangeType.Assign}}' and e.assignee_known then 'Partner Central has a different assignee (as last known to the connector)'
                    when c.change_type = '{{ChangeType.Assign}}' then 'assignee not yet known to the connector (never sent or read): sent as asked'
                    when e.known = false then 'Partner Central does not have it (as last known to the connector)'
                    when e.known then 'Partner Central has it (as last known to the connector)'
                    else 'not yet known to the connector (never sent or read): sent as asked' end as Reason,
               q.not_before > now() as Deferred
          from connector.send_queue q
          join connector.crm_changes c on c.id = q.change_id
          left join plan_eval e on e.id = q.change_id
         order by q.not_before, q.priority, q.change_id
        """;

    private const string PreviewRejectsSql = $$"""
        select id as ChangeId, status_detail as Detail from connector.crm_changes
         where status = '{{ChangeStatus.Rejected}}' and run_id = @run and processed_at = now()
         order by id
        """;

    /// <summary>Plans every pending change inside <paramref name="transaction"/>. The caller commits, or rolls
    /// back for a preview (<paramref name="preview"/> also returns every call with its reason).</summary>
    public async Task<PlanResult> PlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long runId, bool preview, CancellationToken cancellationToken)
    {
        var budget = apiOptions.Value.WritesPer24Hours;
        await Execute(connection, transaction, LockSql, new { key = PlannerLockKey }, cancellationToken);
        await Execute(connection, transaction, MemorySql, null, cancellationToken);
        await Execute(connection, transaction, CandidatesSql, null, cancellationToken);
        await RejectInvalidAsync(connection, transaction, cancellationToken);

        var args = new { run = runId, readFirst = syncOptions.Value.ReadBeforeUncertainWrites, trustAge = syncOptions.Value.LedgerTrustAge };
        await Execute(connection, transaction, NewChangesSql, args, cancellationToken);
        await Execute(connection, transaction, ContendersSql, args, cancellationToken);
        await Execute(connection, transaction, SupersedeSql, args, cancellationToken);
        await Execute(connection, transaction, EvaluateSql, args, cancellationToken);
        await Execute(connection, transaction, UnknownAssigneesSql, new { remember = syncOptions.Value.RemembersUnknownAssignees }, cancellationToken);
        await Execute(connection, transaction, SolutionsSql, null, cancellationToken);
        await Execute(connection, transaction, VerifyBudgetSql, new { verifyReads = syncOptions.Value.VerifyReadsPer24Hours }, cancellationToken);
        await Execute(connection, transaction, ExclusiveSql, args, cancellationToken);
        await Execute(connection, transaction, CapsSql, args, cancellationToken);
        await Execute(connection, transaction, SendSql, args, cancellationToken);

        var used = await connection.ExecuteScalarAsync<int>(new CommandDefinition(WritesUsedSql, transaction: transaction, cancellationToken: cancellationToken));
        var left = Math.Max(budget - used, 0);
        await Execute(connection, transaction, DeferSql, new { run = runId, left, budget }, cancellationToken);
        await Execute(connection, transaction, ReviewWaitSql, null, cancellationToken);
        await Execute(connection, transaction, OutcomeSql, new { run = runId }, cancellationToken);
        await recorder.ApplyPlanAsync(connection, transaction, budget, cancellationToken);

        var counts = await connection.QuerySingleAsync<PlanCounts>(new CommandDefinition(CountsSql, transaction: transaction, cancellationToken: cancellationToken));
        var calls = preview
            ? (await connection.QueryAsync<PlannedCall>(new CommandDefinition(PreviewSql, transaction: transaction, cancellationToken: cancellationToken))).ToList()
            : [];
        var rejections = preview
            ? (await connection.QueryAsync<RejectedChange>(new CommandDefinition(PreviewRejectsSql, new { run = runId }, transaction, cancellationToken: cancellationToken))).ToList()
            : [];

        return new PlanResult
        {
            RunId = runId,
            Superseded = counts.Superseded,
            Unchanged = counts.Unchanged,
            Rejected = counts.Rejected,
            Queued = counts.Queued,
            ReadFirst = counts.ReadFirst,
            Verifying = counts.Verifying,
            WaitingForRead = counts.WaitingForRead,
            Deferred = counts.Deferred,
            HeldBack = counts.HeldBack,
            WritesDue = counts.WritesDue,
            WritesUsedLast24Hours = used,
            WriteBudget = budget,
            Calls = calls,
            Rejections = rejections,
        };
    }

    // Pre-flight validation is C# (the client's rules, one source of truth): stream the candidates once and
    // bulk-copy back the rejects and the assignees as they will be sent, so the pass stays a few round trips whatever
    // the backlog and the assignee is normalised by one rule (RequestValidator.Normalise).
    private static async Task RejectInvalidAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var rejects = new List<(long Id, string Detail, string ErrorType)>();
        var assignees = new List<(long Id, AssigneeContact Assignee)>();
        await using (var command = new NpgsqlCommand(ReadCandidatesSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var change = new PlanCandidate(
                    reader.GetInt64(0),
                    Text(reader, 1),
                    Text(reader, 2),
                    Text(reader, 3),
                    Text(reader, 4),
                    Text(reader, 5),
                    Text(reader, 6),
                    Text(reader, 7),
                    Text(reader, 8),
                    Text(reader, 9),
                    Text(reader, 10));
                var errors = PlanCandidateValidator.Validate(change);
                if (errors.Count > 0)
                {
                    rejects.Add((change.Id, string.Join("; ", errors), errors[0].Code));
                }
                else if (change.ChangeType == ChangeType.Assign)
                {
                    assignees.Add((change.Id, RequestValidator.Normalise(new AssigneeContact(change.AssigneeEmail!, change.AssigneeFirstName!,
                        change.AssigneeLastName!, change.AssigneeBusinessTitle!, change.AssigneePhone))));
                }
            }
        }

        if (rejects.Count > 0)
        {
            await using var import = await connection.BeginBinaryImportAsync("copy plan_rejects (id, detail, error_type) from stdin (format binary)", cancellationToken);
            foreach (var (id, detail, errorType) in rejects)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(detail, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(errorType, NpgsqlDbType.Text, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        if (assignees.Count > 0)
        {
            await using var import = await connection.BeginBinaryImportAsync(
                "copy plan_assignees (id, email, first_name, last_name, business_title, phone) from stdin (format binary)", cancellationToken);
            foreach (var (id, assignee) in assignees)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(assignee.Email, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(assignee.FirstName, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(assignee.LastName, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(assignee.BusinessTitle, NpgsqlDbType.Text, cancellationToken);
                if (assignee.Phone is null)
                {
                    await import.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await import.WriteAsync(assignee.Phone, NpgsqlDbType.Text, cancellationToken);
                }
            }

            await import.CompleteAsync(cancellationToken);
        }
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object? args, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, commandTimeout: 0, cancellationToken: cancellationToken));

    private sealed record PlanCounts(int Superseded, int Unchanged, int Rejected, int Queued, int ReadFirst, int Verifying, int WaitingForRead, int Deferred, int HeldBack, int WritesDue);
}
