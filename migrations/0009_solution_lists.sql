-- The account's partner solutions as ListSolutions last listed them, per catalog: a change naming one that is
-- Inactive or Draft, or one the list does not have although it was taken after the change, is rejected before any
-- write. A catalog without a row here has never been listed: its changes are sent as before.
create table connector.solution_lists (
    catalog      text        primary key,
    refreshed_at timestamptz not null,
    request_id   text
);

create table connector.solutions (
    catalog     text not null references connector.solution_lists (catalog) on delete cascade,
    solution_id text not null,
    arn         text,
    name        text,
    status      text not null,   -- Active | Inactive | Draft (as the API spells it)
    primary key (catalog, solution_id)
);
