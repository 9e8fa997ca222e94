-- The CloudEvent a delivery sends, stored once per event rather than once per delivery. An event that ten
-- subscriptions want wrote its 1-2 KB body ten times, and every status update of a delivery wrote it again (a new row
-- version), so the payload copies were most of notification-service's write-ahead log: about 5 MB/s at 100 ticket
-- events a second. A redelivery sends the same event id with the same body, so it shares the row too.
create table webhook_payload (
    tenant_id   text        not null,
    event_id    text        not null,
    payload     text        not null,   -- the CloudEvent in structured JSON, sent byte for byte
    created_at  timestamptz not null default now(),
    primary key (tenant_id, event_id)
);
select relaydesk_enable_tenancy('webhook_payload');

-- The existing deliveries' payloads, read past row-level security (the owner may lift the force for the copy).
alter table webhook_delivery no force row level security;
alter table webhook_payload no force row level security;
insert into webhook_payload (tenant_id, event_id, payload, created_at)
select distinct on (tenant_id, event_id) tenant_id, event_id, payload, created_at
  from webhook_delivery
 order by tenant_id, event_id, id;
alter table webhook_delivery force row level security;
alter table webhook_payload force row level security;

alter table webhook_delivery drop column payload;
