-- Baseline of kb-service's own database: the platform tables (outbox, inbox, tenancy helper) come from
-- db/platform; the domain tables arrive with their features (the knowledge-base issue).
select 1;
