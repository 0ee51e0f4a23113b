-- A change that must wait for another one to succeed first: migrate-solutions stages, per opportunity, the associate
-- of the Marketplace solution and the disassociate of the legacy solution it replaces, the disassociate naming the
-- associate here (AWS: attach the replacement first). A sender never sends it while the associate is queued, and
-- fails it, sending nothing, when the associate did not succeed: the legacy solution is never removed without its
-- replacement. No foreign key: a staged change is never deleted, and the CRM's own rows never set it.
alter table connector.crm_changes add column after_change_id bigint;
