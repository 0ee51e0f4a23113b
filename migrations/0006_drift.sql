-- Drift: a difference the reconcile found between the ledger and Partner Central (someone edited the opportunity
-- in the Partner Central UI, or AWS did). One row per difference; the ledger is set to the truth in the same
-- transaction. reapplied_change_id: the CRM change re-queued for it (Sync:DriftPolicy reapply).
create table connector.drift (
    id                  bigserial   primary key,
    catalog             text        not null,
    opportunity_id      text        not null,
    kind                text        not null,  -- association-removed | association-added | assignee-changed
    entity_type         text,
    entity_id           text,
    ledger_said         text        not null,
    partner_central_has text        not null,
    found_at            timestamptz not null default now(),
    request_id          text,
    reapplied_change_id bigint
);
create index drift_found_idx on connector.drift (found_at desc);
create index ledger_opportunities_read_idx on connector.ledger_opportunities (read_at nulls first);
