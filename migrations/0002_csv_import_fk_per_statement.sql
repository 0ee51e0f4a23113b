-- crm_changes.import_id -> imports, checked once per statement instead of once per row.
-- The foreign key ran a lookup and a row lock on connector.imports for every staged row: in a CSV import's COPY
-- it was more of the server's work than the rows and their indexes together (bench csv-ingest, 2026-12-01).
-- The same rule, kept by triggers: rows can only name an import that exists, and an import that rows name
-- cannot be deleted (or renumbered). Not kept: TRUNCATE of imports alone is no longer refused (nor cascaded).
alter table connector.crm_changes drop constraint crm_changes_import_id_fkey;

-- Inserts (the CRM's, an import's COPY): one pass over the statement's new rows.
create function connector.crm_changes_check_import_ids() returns trigger
language plpgsql as $$
declare
    wanted bigint[];
    missing bigint;
begin
    select array_agg(d.import_id) into wanted
      from (select distinct n.import_id from new_rows n where n.import_id is not null) d;
    if wanted is null then
        return null;
    end if;

    -- Key-share locks, as the foreign key took: a concurrent delete of the import waits for this transaction.
    perform 1 from connector.imports i where i.id = any (wanted) for key share of i;
    select w into missing from unnest(wanted) w
     where not exists (select 1 from connector.imports i where i.id = w) limit 1;
    if missing is not null then
        raise foreign_key_violation using
            message = 'insert or update on table "crm_changes" violates foreign key constraint "crm_changes_import_id_fkey"',
            detail = format('Key (import_id)=(%s) is not present in table "imports".', missing),
            schema = 'connector', table = 'crm_changes', constraint = 'crm_changes_import_id_fkey';
    end if;

    return null;
end $$;

create trigger crm_changes_import_ids_inserted
    after insert on connector.crm_changes
    referencing new table as new_rows
    for each statement execute function connector.crm_changes_check_import_ids();

-- Updates that set import_id (nothing in the connector does; the planner's status updates never fire this).
create function connector.crm_changes_check_import_id() returns trigger
language plpgsql as $$
begin
    perform 1 from connector.imports i where i.id = new.import_id for key share of i;
    if not found then
        raise foreign_key_violation using
            message = 'insert or update on table "crm_changes" violates foreign key constraint "crm_changes_import_id_fkey"',
            detail = format('Key (import_id)=(%s) is not present in table "imports".', new.import_id),
            schema = 'connector', table = 'crm_changes', constraint = 'crm_changes_import_id_fkey';
    end if;

    return null;
end $$;

create trigger crm_changes_import_id_updated
    after update of import_id on connector.crm_changes
    for each row when (new.import_id is not null and new.import_id is distinct from old.import_id)
    execute function connector.crm_changes_check_import_id();

-- The referenced side (no action, as the foreign key had): an import still named by staged rows stays.
create function connector.imports_check_unreferenced() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from connector.crm_changes c where c.import_id = old.id) then
        raise foreign_key_violation using
            message = 'update or delete on table "imports" violates foreign key constraint "crm_changes_import_id_fkey" on table "crm_changes"',
            detail = format('Key (id)=(%s) is still referenced from table "crm_changes".', old.id),
            schema = 'connector', table = 'crm_changes', constraint = 'crm_changes_import_id_fkey';
    end if;

    return null;
end $$;

create trigger imports_deleted
    after delete on connector.imports
    for each row execute function connector.imports_check_unreferenced();

create trigger imports_id_updated
    after update of id on connector.imports
    for each row when (new.id is distinct from old.id)
    execute function connector.imports_check_unreferenced();
