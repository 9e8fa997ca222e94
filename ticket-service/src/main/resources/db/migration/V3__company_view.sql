-- Read model of user-service's companies (user.companies events), for CompanyName in ticket lists.
create table company_view (
    tenant_id  text   not null,
    company_id bigint not null,
    name       text   not null,
    primary key (tenant_id, company_id)
);
select relaydesk_enable_tenancy('company_view');
