-- 0001: the connector's own schema. Hangfire keeps its tables in schema "hangfire" (Hangfire.PostgreSql's business).
create schema connector;

-- Files received (drop folder, CLI import, dashboard upload): one row per file, good or bad.
create table connector.imports (
    id             bigserial primary key,
    file_name      text        not null,
    content_sha256 text        not null,
    kind           text,                       -- associations | assignments
    received_via   text        not null,       -- drop-folder | cli | upload
    received_by    text,
    received_at    timestamptz not null default now(),
    outcome        text        not null,       -- processed | rejected
    rows_accepted  integer     not null default 0,
    rows_rejected  integer     not null default 0,
    detail         text
);
-- The same content is staged at most once.
create unique index imports_processed_hash_uq on connector.imports (content_sha256) where outcome = 'processed';

-- The contract's staging table: the CRM (or a file import) inserts desired changes; the connector writes status back.
create table connector.crm_changes (
    id                      bigserial   primary key,
    change_type             text,
    catalog                 text        not null default 'AWS',
    opportunity_id          text,
    entity_type             text,
    entity_id               text,
    assignee_email          text,
    assignee_first_name     text,
    assignee_last_name      text,
    assignee_business_title text,
    assignee_phone          text,
    changed_at              timestamptz not null default now(),
    status                  text        not null default 'pending',
    status_detail           text,
    processed_at            timestamptz,
    request_id              text,
    -- where the row came from: null for CRM rows, else the import and its line in the file
    import_id               bigint      references connector.imports (id),
    source_line             integer,
    run_id                  bigint,       -- the sync run that planned it
    constraint crm_changes_status_check
        check (status in ('pending', 'synced', 'unchanged', 'superseded', 'deferred', 'failed', 'rejected'))
);
-- The planner and the status page only ever look at open work.
create index crm_changes_open_idx on connector.crm_changes (status, id) where status in ('pending', 'deferred', 'failed');

-- The ledger: what Partner Central has, as far as the connector knows. No row = unknown, unless the
-- opportunity was read (ledger_opportunities.read_at) after which unlisted entities are known absent.
create table connector.ledger_associations (
    catalog           text        not null,
    opportunity_id    text        not null,
    entity_type       text        not null,
    entity_id         text        not null,
    associated        boolean     not null,
    set_at            timestamptz not null,
    set_by_change_id  bigint,
    set_by_request_id text,
    learned_from      text        not null,  -- write | read
    primary key (catalog, opportunity_id, entity_type, entity_id)
);

create table connector.ledger_opportunities (
    catalog                 text        not null,
    opportunity_id          text        not null,
    assignee_email          text,
    assignee_first_name     text,
    assignee_last_name      text,
    assignee_business_title text,
    assignee_phone          text,
    assignee_set_at         timestamptz,
    assignee_change_id      bigint,
    assignee_request_id     text,
    read_at                 timestamptz,
    read_request_id         text,
    primary key (catalog, opportunity_id)
);

-- Planned calls not yet confirmed. One row per change that needs a write; a handful of drain jobs work it.
create table connector.send_queue (
    change_id          bigint      primary key references connector.crm_changes (id),
    run_id             bigint,
    catalog            text        not null,
    opportunity_id     text        not null,
    operation          text        not null,   -- AssociateOpportunity | DisassociateOpportunity | AssignOpportunity
    change_key         text        not null,   -- what a later change supersedes
    priority           smallint    not null,   -- order within an opportunity: associate, assign, disassociate
    not_before         timestamptz not null default now(),
    attempts           integer     not null default 0,
    not_found_attempts integer     not null default 0,
    read_first         boolean     not null default false,  -- learn the truth with GetOpportunity before writing
    last_error         text,
    enqueued_at        timestamptz not null default now()
);
create index send_queue_claim_idx on connector.send_queue (priority, change_id);
create index send_queue_due_idx on connector.send_queue (not_before);
create index send_queue_key_idx on connector.send_queue (change_key);

-- Every call attempted, written before the call (so a crash leaves evidence) and completed after it.
create table connector.attempts (
    id             bigserial   primary key,
    change_id      bigint,
    run_id         bigint,
    operation      text        not null,
    is_write       boolean     not null,
    catalog        text        not null,
    opportunity_id text        not null,
    slot_at        timestamptz not null,          -- the paced moment reserved for this call
    sent_at        timestamptz,
    finished_at    timestamptz,
    outcome        text        not null default 'sending',  -- sending | ok | error | abandoned
    http_status    integer,
    error_type     text,
    error_message  text,
    field_errors   jsonb,
    request_id     text,
    duration_ms    integer,
    server         text
);
create index attempts_window_idx on connector.attempts (is_write, slot_at);
create index attempts_change_idx on connector.attempts (change_id, id);

-- Account-wide pacing, shared by every server: one row, reserved atomically.
create table connector.pace (
    id              integer     primary key check (id = 1),
    next_write_slot timestamptz not null default now(),
    next_read_slot  timestamptz not null default now(),
    last_write_at   timestamptz,        -- the last write actually sent (confirmed just before the call)
    last_read_at    timestamptz,
    throttle_streak integer     not null default 0,
    paused_reason   text,
    paused_at       timestamptz
);
insert into connector.pace (id) values (1);

-- Sync runs, for status and the dashboard.
create table connector.sync_runs (
    id          bigserial   primary key,
    trigger     text        not null,   -- nightly | incremental | manual | cli | demo
    started_at  timestamptz not null default now(),
    planned_at  timestamptz,
    finished_at timestamptz,
    superseded  integer     not null default 0,
    unchanged   integer     not null default 0,
    rejected    integer     not null default 0,
    queued      integer     not null default 0,
    deferred    integer     not null default 0,
    server      text,
    detail      text
);
create index crm_changes_run_idx on connector.crm_changes (run_id) where run_id is not null;
-- Import history on the dashboard counts a file's rows by status.
create index crm_changes_import_idx on connector.crm_changes (import_id) where import_id is not null;
