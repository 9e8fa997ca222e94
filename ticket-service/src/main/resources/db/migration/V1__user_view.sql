-- Read model of user-service's users, fed by user.users events (see UserDirectory).
create table user_view (
    tenant_id  text        not null,
    user_id    bigint      not null,
    username   text        not null,
    email      text        not null default '',
    first_name text        not null default '',
    last_name  text        not null default '',
    is_admin   boolean     not null default false,
    is_tech    boolean     not null default false,
    company_id bigint,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, user_id)
);

select relaydesk_enable_tenancy('user_view');
