-- Changes made by automation rules name the rule in the audit trail (user_id is null: the system made them).
alter table ticket_audit
    add column rule_id   bigint,
    add column rule_name text;
