-- Baseline of asset-service's own database: the platform tables (outbox, inbox, tenancy helper) come from
-- db/platform; the domain tables arrive with their features (the assets issue).
select 1;
