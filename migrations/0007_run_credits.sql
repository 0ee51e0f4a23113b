-- A run keeps the credit for what its changes became, even after a change leaves it: a failed change that is
-- retried (or a change re-applied after drift) is planned again by a later run, which then counts it; the run it
-- was first sent in keeps it here, under the status it had when it left.
create table connector.run_credits (
    run_id  bigint  not null references connector.sync_runs (id) on delete cascade,
    status  text    not null,
    changes integer not null,
    primary key (run_id, status)
);
