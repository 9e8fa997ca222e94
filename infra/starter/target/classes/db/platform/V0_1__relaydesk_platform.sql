-- Platform tables every service has. They are cross-tenant by design (the relay and consumers serve all tenants),
-- so they carry tenant_id but no row-level security.

create table relaydesk_outbox (
    id          bigint generated always as identity primary key,
    tenant_id   text        not null,
    topic       text        not null,
    event_key   text        not null,
    event_id    uuid        not null unique,
    event_type  text        not null,
    occurred_at timestamptz not null,
    payload     json        not null, -- json, not jsonb: published byte for byte as written
    traceparent text,                 -- W3C trace context of the writing request, continued by consumers
    created_at  timestamptz not null default now()
);

create table relaydesk_inbox (
    consumer   text        not null,
    event_id   text        not null,
    tenant_id  text        not null,
    event_type text        not null,
    applied_at timestamptz not null default now(),
    primary key (consumer, event_id)
);

create index relaydesk_inbox_applied_at on relaydesk_inbox (applied_at);

-- Puts a tenant table under row-level security: rows are visible and writable only for the tenant set by
-- TenantScopedTransactionManager (app.tenant_id), and tenant_id defaults to it on insert.
create function relaydesk_enable_tenancy(target regclass) returns void
    language plpgsql as
$$
begin
    execute format('alter table %s alter column tenant_id set default current_setting(''app.tenant_id'', true)', target);
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format('create policy tenant_isolation on %s using (tenant_id = current_setting(''app.tenant_id'', true))'
                   ' with check (tenant_id = current_setting(''app.tenant_id'', true))', target);
end;
$$;
