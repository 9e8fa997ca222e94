-- Baseline of notification-service's own database: the platform tables (outbox, inbox, tenancy helper) come from
-- db/platform; the domain tables arrive with their features (the webhooks issue).
select 1;
