-- ticket_search stays outside row-level security (PostgreSQL cannot use an index for the non-leakproof @@ under
-- row-level security), but it now carries its tenant so every query filters by it explicitly and the index serves
-- exactly one tenant's documents: counting and ranking candidates never reads another tenant's matches.
-- Comments split in two documents: public comment text (everyone who sees the ticket may find it by them) and
-- techs-only comment text (searched only for technicians and administrators).
create extension if not exists btree_gin;

alter table ticket_search add column tenant_id text;
update ticket_search x set tenant_id = t.tenant_id from tickets t where t.id = x.ticket_id;
alter table ticket_search alter column tenant_id set not null;

drop index ticket_search_document;
alter table ticket_search drop column search_vector;
alter table ticket_search add column tech_comments_vector tsvector not null default ''::tsvector;
-- What a regular user's search reads: subject, body and public comments.
alter table ticket_search
    add column search_vector tsvector generated always as (ticket_vector || comments_vector) stored;
-- What a technician's or administrator's search reads: the above plus techs-only comments.
alter table ticket_search
    add column tech_search_vector tsvector
        generated always as (ticket_vector || comments_vector || tech_comments_vector) stored;
create index ticket_search_document on ticket_search using gin (tenant_id, search_vector);
create index ticket_search_tech_document on ticket_search using gin (tenant_id, tech_search_vector);

comment on table ticket_search is 'relaydesk:no-rls full-text index: PostgreSQL cannot use a GIN index for the '
    'non-leakproof @@ operator under row-level security; every query filters tenant_id = current_setting(''app.tenant_id'') '
    'explicitly (TicketQueries.SEARCH_IN_TENANT) and joins tickets, which row-level security filters';

create or replace function ticket_search_sync() returns trigger
    language plpgsql as
$$
begin
    insert into ticket_search (ticket_id, tenant_id, ticket_vector)
    values (new.id,
            new.tenant_id,
            setweight(to_tsvector('english'::regconfig, new.subject), 'A')
                || setweight(to_tsvector('english'::regconfig,
                                         regexp_replace(left(new.body, 200000), '<[^>]*>', ' ', 'g')), 'B'))
    on conflict (ticket_id) do update set ticket_vector = excluded.ticket_vector;
    return null;
end;
$$;
