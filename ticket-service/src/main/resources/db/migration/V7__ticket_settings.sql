-- A tenant's ticket settings (one row per tenant at most). company_tickets_visible: regular users also see the
-- tickets of their company's other users (seed 000: "their company's where the tenant enables it").
create table ticket_settings (
    tenant_id               text        not null primary key,
    company_tickets_visible boolean     not null default false,
    updated_at              timestamptz not null default now()
);
select relaydesk_enable_tenancy('ticket_settings');
