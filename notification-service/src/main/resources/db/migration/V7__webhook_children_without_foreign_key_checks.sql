-- A delivery's queue row and attempts are written only by the statements that write or hold the delivery itself
-- (DeliveryQueue), so their foreign keys to webhook_delivery checked what the code guarantees, twice per delivery: a
-- `select ... for key share` per inserted row. In the webhook benchmark (2,000 deliveries a second) those checks were
-- the most frequent statement of the notification database, 143,840 calls and 15 s of its time in two and a half
-- minutes, at 29 buffer reads each: their cached plans were made while the table was nearly empty (it is, after a
-- vacuum) and scanned it. They also lock every delivery row a second time just before it is updated.
--
-- What the keys did besides checking, removing a delivery's queue row and attempts with it (subscription deleted, and
-- so its deliveries), a statement trigger does now: once per deleting statement, over the deleted rows.
alter table webhook_queue drop constraint webhook_queue_delivery_id_fkey;
alter table webhook_attempt drop constraint webhook_attempt_delivery_id_fkey;

create function webhook_delivery_deleted() returns trigger
    language plpgsql as
$$
begin
    delete from webhook_queue q using gone where q.delivery_id = gone.id;
    delete from webhook_attempt a using gone where a.delivery_id = gone.id;
    return null;
end;
$$;

create trigger webhook_delivery_deleted
    after delete on webhook_delivery
    referencing old table as gone
    for each statement execute function webhook_delivery_deleted();
