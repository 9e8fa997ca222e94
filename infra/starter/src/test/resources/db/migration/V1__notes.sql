create table notes (
    id        bigint generated always as identity primary key,
    tenant_id text not null,
    author_id bigint not null,
    text      text not null
);
select relaydesk_enable_tenancy('notes');

create table note_counts (
    tenant_id text primary key,
    count     bigint not null
);
select relaydesk_enable_tenancy('note_counts');
