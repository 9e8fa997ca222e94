-- The dispatcher's poll looks at each subscription's oldest due rows (bounded per subscription, so one endpoint's
-- backlog never hides another's work); it replaces the index on due_at alone, which only that poll used.
drop index webhook_queue_due;
create index webhook_queue_due on webhook_queue (subscription_id, due_at);
