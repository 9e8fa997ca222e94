-- A new comment appends its words to its ticket's search document instead of recomputing the document from every
-- comment of the ticket (each comment cost O(comments of the ticket) in to_tsvector). Edits and deletes still recompute,
-- and so does an append that would make the document too long for a tsvector (the recomputation caps the text).
create or replace function ticket_search_comments_sync() returns trigger
    language plpgsql as
$$
declare
    words tsvector;
begin
    if tg_op = 'INSERT' then
        words := setweight(to_tsvector('english'::regconfig,
                           left(regexp_replace(coalesce(new.body, ''), '<[^>]*>', ' ', 'g'), 500000)), 'C');
        begin
            if new.for_techs_only then
                update ticket_search x set tech_comments_vector = x.tech_comments_vector || words
                 where x.ticket_id = new.ticket_id;
            else
                update ticket_search x set comments_vector = x.comments_vector || words
                 where x.ticket_id = new.ticket_id;
            end if;
        exception when program_limit_exceeded then
            perform ticket_search_comments_of(new.ticket_id);
        end;
        return null;
    end if;
    if tg_op = 'UPDATE' then
        perform ticket_search_comments_of(new.ticket_id);
    end if;
    if tg_op = 'DELETE' or old.ticket_id <> new.ticket_id then
        perform ticket_search_comments_of(old.ticket_id);
    end if;
    return null;
end;
$$;
