-- Every ledger fact has an age: when a write or a read taught it. The plan trusts a fact younger than
-- Sync:LedgerTrustAge and reads the opportunity again before settling a change on an older one.
alter table connector.ledger_associations rename column set_at to learned_at;
alter table connector.ledger_opportunities rename column assignee_set_at to assignee_learned_at;
-- The reconcile and the freshness figures look for the oldest facts first.
create index ledger_associations_learned_idx on connector.ledger_associations (learned_at);
