-- 0004: alerts to people, as an outbox shared by every server.
-- One row per event: the unique key makes a second detection of the same event (another server, a retry) a no-op.
create table connector.alert_events (
    id          bigserial   primary key,
    kind        text        not null,   -- sync-paused | sync-resumed | run-failures | budget-exhausted | drift-found
    event_key   text        not null,   -- e.g. sync-paused:<paused_at>, run-failures:<run id>
    occurred_at timestamptz not null default now(),
    resolved_at timestamptz,            -- for a condition (a pause, an exhausted budget): when it stopped holding
    title       text        not null,
    body        text        not null,   -- what happened, in words; never a secret, an email or a phone number
    action      text        not null,   -- what to do about it
    changes     integer     not null default 0,
    detected_by text,
    constraint alert_events_key_uq unique (event_key)
);
create index alert_events_open_idx on connector.alert_events (kind) where resolved_at is null;

-- One row per event and webhook (Alerts:Webhooks:N): claimed by whichever server is free, retried with backoff.
create table connector.alert_deliveries (
    event_id        bigint      not null references connector.alert_events (id),
    webhook         integer     not null,   -- N of Alerts:Webhooks:N
    target          text        not null,   -- the webhook's host only: its URL may hold a secret
    attempts        integer     not null default 0,
    next_attempt_at timestamptz default now(),  -- null once delivered or given up; a claim moves it past its lease
    delivered_at    timestamptz,
    failed_at       timestamptz,            -- gave up after Alerts:MaxAttempts
    last_status     integer,
    last_error      text,
    primary key (event_id, webhook)
);
create index alert_deliveries_due_idx on connector.alert_deliveries (next_attempt_at) where next_attempt_at is not null;
