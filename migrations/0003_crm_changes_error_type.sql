-- crm_changes.error_type: why a change failed or was rejected, as a value instead of the first word of status_detail.
-- failed: the API's error type (ValidationException, ResourceNotFoundException, TransientError...);
-- rejected: the local rule's code (INVALID_STRING_FORMAT, TOO_MANY_VALUES...). The CRM can read it back.
alter table connector.crm_changes add column error_type text;

-- Old failed rows: the error type of their last failed attempt (what the sender saw), else the detail's first word.
update connector.crm_changes c
   set error_type = coalesce(
           (select a.error_type from connector.attempts a
             where a.change_id = c.id and a.outcome = 'error' and a.error_type is not null
             order by a.id desc limit 1),
           nullif(split_part(split_part(coalesce(c.status_detail, ''), ':', 1), ' ', 1), ''),
           'unknown')
 where c.status = 'failed';

-- Old rejected rows: the first rule code the detail names, "(INVALID_VALUE)".
update connector.crm_changes c
   set error_type = coalesce(substring(c.status_detail from '\(([A-Z_]+)\)'), 'INVALID_VALUE')
 where c.status = 'rejected';

-- status, retry --error-type and the Sync page group the failed changes by it.
create index crm_changes_failed_type_idx on connector.crm_changes (error_type) where status = 'failed';
