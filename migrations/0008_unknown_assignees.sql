-- Assignee emails Partner Central refused as not users of the account. There is no API that lists its users, so the
-- one write that meets an unknown email is remembered: later changes naming it are rejected before any write until an
-- operator resets it ('connector assignees reset', the dashboard) or it expires (Sync:UnknownAssigneeExpiry).
create table connector.unknown_assignees (
    email      text        primary key,  -- as sent: trimmed, lower case
    refused_at timestamptz not null,
    expires_at timestamptz not null,
    change_id  bigint      references connector.crm_changes (id) on delete set null,
    request_id text
);
