-- The webhook queue is keyed by (subscription, ordering key, delivery), and each of its lookups has exactly one index
-- it can use, whatever the statistics say.
--
-- The queue is nearly empty in a steady state (a delivery leaves it milliseconds after it arrives), so its statistics
-- nearly always describe a table of a few dozen rows, and to plans made from them every index costs one page. With
-- thousands of rows queued behind a burst, the planner's picks among equally cheap-looking indexes became whole-index
-- scans per row (seen with auto_explain in the webhook benchmark's burst):
--   * a lookup by delivery_id went through webhook_queue_key, whose third column it was: the whole index per
--     completed delivery (a completion batch of 500 took 3.4 s, a claim minutes);
--   * "the oldest row of this key" became a walk of the primary key in delivery_id order, filtered on the key;
--   * "is anything queued for this key" read all of the subscription's rows through webhook_queue_due.
-- Now:
--   * every statement names a queue row by its whole key, and the primary key is the only index led by it: there is no
--     index on delivery_id alone to walk in order;
--   * webhook_queue_due is partial on a predicate only the poll states (its due_at <= now() implies due_at is not
--     null), so no other statement can use it;
--   * 10,000 ballast rows (subscription 0, never due, negative delivery ids: no subscription or delivery has them) keep
--     the statistics from ever describing an empty queue. Without them, a whole-queue scan still looked like one row
--     and became the outer side of a join: a completion batch of 500 compared 35,841 queued rows with each of its
--     ids (17.9 million comparisons, 8 s). No statement of the service matches them; the queue-depth gauge skips them.
alter table webhook_queue drop constraint webhook_queue_pkey;
drop index webhook_queue_key;
alter table webhook_queue add constraint webhook_queue_pkey primary key (subscription_id, ordering_key, delivery_id);
drop index webhook_queue_due;
create index webhook_queue_due on webhook_queue (subscription_id, due_at) where due_at is not null;

create or replace function webhook_delivery_deleted() returns trigger
    language plpgsql as
$$
begin
    delete from webhook_queue q using gone
     where q.subscription_id = gone.subscription_id and q.ordering_key = gone.ordering_key and q.delivery_id = gone.id;
    delete from webhook_attempt a using gone where a.delivery_id = gone.id;
    return null;
end;
$$;

insert into webhook_queue (delivery_id, tenant, subscription_id, ordering_key, due_at)
select -n, '', 0, 'ballast:' || n, 'infinity'
  from generate_series(1, 10000) as n;
analyze webhook_queue;
