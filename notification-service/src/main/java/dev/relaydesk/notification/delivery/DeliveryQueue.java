package dev.relaydesk.notification.delivery;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.notification.NotificationProperties;
import dev.relaydesk.notification.inapp.InAppNotifications;
import dev.relaydesk.notification.inapp.Notification;
import dev.relaydesk.notification.mail.Mailer;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.platform.tx.TransientFailures;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable side of webhook delivery. Every pending delivery has a row in {@code webhook_queue}; only the oldest row
 * of a (subscription, ordering key) may be claimed, so one ticket's events reach one endpoint strictly in order, and a
 * replica claims with a lease ({@code for update skip locked}), so several replicas never send the same delivery at
 * once. A crashed replica's leases expire and another replica takes the work over.
 */
@Component
class DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);
    private static final int MAX_TEXT = 1000;

    /** This replica's identity in {@code lease_owner}. */
    final UUID owner = UUID.randomUUID();

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final NotificationProperties.Webhooks settings;
    private final RetrySchedule retries;
    private final InAppNotifications notifications;
    private final Mailer mailer;

    DeliveryQueue(
            DatabaseClient db,
            TransactionalOperator tx,
            NotificationProperties properties,
            InAppNotifications notifications,
            Mailer mailer) {
        this.db = db;
        this.tx = tx;
        this.settings = properties.webhooks();
        this.retries = new RetrySchedule(settings.retrySchedule(), settings.jitter());
        this.notifications = notifications;
        this.mailer = mailer;
    }

    /**
     * Starts a transaction of the delivery pipeline: no sequential or bitmap scans of the queue and delivery tables.
     * Every access there is by key (see V8, which leaves one index per lookup), and those tables' statistics nearly
     * always describe a queue of a few dozen rows, since a delivery leaves it milliseconds after it arrives. A plan made
     * from them read a whole subscription's rows (a bitmap scan, then a sort) to find its oldest 400, or scanned the
     * table once per batch, and past a few thousand queued rows the service fell behind for good.
     */
    private Mono<Void> queuePlanning() {
        return db.sql("select " + QUEUE_PLANNING).then();
    }

    /** One queue row, named by its whole primary key (see V8: the only index that finds it). */
    private static final String QUEUE_ROW = "subscription_id = :sub and ordering_key = :key and delivery_id = :id";

    private static final String QUEUE_PLANNING =
            "set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)";

    /** A new delivery to enqueue in the caller's transaction. */
    record NewDelivery(
            long subscriptionId,
            String url,
            String secret,
            String webhookId,
            String eventId,
            String eventType,
            String orderingKey,
            String payload,
            Long redeliveryOf) {

        /** The job that sends this delivery for the first time, once inserted with this id at this time. */
        DeliveryJob firstAttempt(TenantId tenant, long deliveryId, Instant createdAt) {
            return new DeliveryJob(
                    tenant, deliveryId, subscriptionId, orderingKey, url, secret, webhookId, payload, 0, createdAt);
        }
    }

    /**
     * Inserts the delivery, its event's payload (unless stored already) and its queue row in the current transaction;
     * when it is the only pending delivery of its key, this replica claims it at once, and the returned job may be sent
     * as soon as the transaction commits.
     */
    Mono<Enqueued> enqueue(TenantId tenant, NewDelivery d) {
        var sql = db.sql(
                        """
                        with p as (
                          insert into webhook_payload (event_id, payload) values (:eventId, :payload)
                          on conflict do nothing),
                        d as (
                          insert into webhook_delivery (subscription_id, webhook_id, event_id, event_type, ordering_key,
                                                        redelivery_of, next_attempt_at)
                          values (:sub, :webhookId, :eventId, :type, :key, :redeliveryOf, now())
                          returning id, created_at),
                        head as (
                          select not exists (select 1 from webhook_queue q
                                              where q.subscription_id = :sub and q.ordering_key = :key) as free),
                        q as (
                          insert into webhook_queue (delivery_id, tenant, subscription_id, ordering_key, lease_owner,
                                                     lease_until)
                          select d.id, :tenant, :sub, :key,
                                 case when head.free then cast(:owner as uuid) end,
                                 case when head.free then now() + make_interval(secs => :lease) end
                            from d, head
                          returning delivery_id, lease_owner is not null as claimed)
                        select q.delivery_id, q.claimed, d.created_at from q, d
                        """)
                .bind("sub", d.subscriptionId())
                .bind("webhookId", d.webhookId())
                .bind("eventId", d.eventId())
                .bind("type", d.eventType())
                .bind("key", d.orderingKey())
                .bind("payload", d.payload())
                .bind("tenant", tenant.value())
                .bind("owner", owner)
                .bind("lease", leaseSeconds());
        sql = d.redeliveryOf() == null
                ? sql.bindNull("redeliveryOf", Long.class)
                : sql.bind("redeliveryOf", d.redeliveryOf());
        return sql.map(row -> new Enqueued(
                        row.get("delivery_id", Long.class),
                        Boolean.TRUE.equals(row.get("claimed", Boolean.class))
                                ? Optional.of(d.firstAttempt(
                                        tenant,
                                        row.get("delivery_id", Long.class),
                                        row.get("created_at", Instant.class)))
                                : Optional.<DeliveryJob>empty()))
                .one();
    }

    /** The new delivery's id, and the job when this replica claimed it. */
    record Enqueued(long deliveryId, Optional<DeliveryJob> claimed) {}

    /**
     * Enqueues many deliveries (in this order) with four statements in the current transaction, as {@link #enqueue}
     * does one by one: per (subscription, key), the first new delivery is claimed when the key had nothing pending.
     *
     * @return the claimed jobs, to send once the transaction commits
     */
    Mono<List<DeliveryJob>> enqueueAll(TenantId tenant, List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Mono.just(List.of());
        }
        int n = deliveries.size();
        Long[] subs = new Long[n];
        String[] webhookIds = new String[n];
        String[] eventIds = new String[n];
        String[] types = new String[n];
        String[] keys = new String[n];
        // one payload per event, however many subscriptions want it
        Map<String, String> payloadByEvent = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            NewDelivery d = deliveries.get(i);
            subs[i] = d.subscriptionId();
            webhookIds[i] = d.webhookId();
            eventIds[i] = d.eventId();
            types[i] = d.eventType();
            keys[i] = d.orderingKey();
            payloadByEvent.putIfAbsent(d.eventId(), d.payload());
        }
        String[] payloadEvents = payloadByEvent.keySet().toArray(String[]::new);
        String[] payloads = payloadByEvent.values().toArray(String[]::new);
        Map<String, NewDelivery> byKey = new HashMap<>();
        for (NewDelivery d : deliveries) {
            byKey.put(d.subscriptionId() + " " + d.eventId(), d);
        }
        return queuePlanning()
                .then(db.sql(
                                """
                        with p as (
                          insert into webhook_payload (event_id, payload)
                          select * from unnest(cast(:payloadEvents as text[]), cast(:payloads as text[]))
                          on conflict do nothing),
                        x as (
                          select s, w, e, t, k, ord,
                                 row_number() over (partition by s, k order by ord) as nth
                            from unnest(cast(:subs as bigint[]), cast(:webhookIds as text[]), cast(:eventIds as text[]),
                                        cast(:types as text[]), cast(:keys as text[]))
                                 with ordinality as u(s, w, e, t, k, ord)),
                        d as (
                          insert into webhook_delivery (subscription_id, webhook_id, event_id, event_type, ordering_key,
                                                        next_attempt_at)
                          select s, w, e, t, k, now() from x order by ord
                          returning id, subscription_id, event_id, ordering_key, created_at),
                        q as (
                          insert into webhook_queue (delivery_id, tenant, subscription_id, ordering_key, lease_owner,
                                                     lease_until)
                          select d.id, :tenant, d.subscription_id, d.ordering_key,
                                 case when c.free then cast(:owner as uuid) end,
                                 case when c.free then now() + make_interval(secs => :lease) end
                            from d join x on x.s = d.subscription_id and x.e = d.event_id
                            cross join lateral (
                              select x.nth = 1 and not exists (
                                       select 1 from webhook_queue w
                                        where w.subscription_id = d.subscription_id
                                          and w.ordering_key = d.ordering_key) as free) c
                          returning delivery_id, lease_owner is not null as claimed)
                        select d.id, d.subscription_id, d.event_id, extract(epoch from d.created_at) * 1000000 as micros
                          from d join q on q.delivery_id = d.id
                         where q.claimed
                         order by d.id
                        """)
                        .bind("subs", subs)
                        .bind("webhookIds", webhookIds)
                        .bind("eventIds", eventIds)
                        .bind("types", types)
                        .bind("keys", keys)
                        .bind("payloadEvents", payloadEvents)
                        .bind("payloads", payloads)
                        .bind("tenant", tenant.value())
                        .bind("owner", owner)
                        .bind("lease", leaseSeconds())
                        .map(row -> {
                            NewDelivery d = byKey.get(
                                    row.get("subscription_id", Long.class) + " " + row.get("event_id", String.class));
                            long micros = row.get("micros", java.math.BigDecimal.class)
                                    .longValue();
                            return d.firstAttempt(
                                    tenant,
                                    row.get("id", Long.class),
                                    Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000));
                        })
                        .all()
                        .collectList());
    }

    /**
     * How many of each subscription's oldest due, unclaimed rows one claim looks at, per delivery it may claim. Only a
     * key's oldest row may be claimed, and finding out costs an index probe per row: over the whole queue that took 30 s
     * at 100,000 queued rows, and it held row locks the completions waited for. The look is bounded per subscription
     * (its distinct ids found by a loose index scan), so the rows queued behind a failing endpoint's retries never fill
     * the window another endpoint's work is found in.
     */
    static final int SCAN_PER_CLAIM = 2;

    /**
     * Claims due deliveries of every tenant that are the oldest pending delivery of their key, skipping rows another
     * replica is claiming and the subscriptions this replica has no room for; loads them per tenant.
     */
    Flux<DeliveryJob> claimDue(Collection<Long> busySubscriptions) {
        Mono<List<Claimed>> claim = db.sql(
                        """
                        with recursive subs as (
                          (select subscription_id as id from webhook_queue order by subscription_id limit 1)
                          union all
                          select (select q.subscription_id from webhook_queue q where q.subscription_id > subs.id
                                   order by q.subscription_id limit 1)
                            from subs where subs.id is not null),
                        candidates as (
                          select c.* from subs cross join lateral (
                            select q.delivery_id, q.subscription_id, q.ordering_key, q.due_at from webhook_queue q
                             where q.subscription_id = subs.id
                               and q.due_at <= now() and (q.lease_until is null or q.lease_until < now())
                             order by q.due_at
                             limit :scan) c
                           where subs.id is not null and subs.id <> all(:busy)),
                        due as (
                          select q.subscription_id, q.ordering_key, q.delivery_id from webhook_queue q
                            join candidates c on c.subscription_id = q.subscription_id
                                             and c.ordering_key = q.ordering_key and c.delivery_id = q.delivery_id
                           -- the oldest row of its key, probed per candidate by a scalar subquery (written as not exists, it
                           -- became an anti-join that materialized the whole queue for every candidate)
                           where c.delivery_id = (select min(e.delivery_id) from webhook_queue e
                                                   where e.subscription_id = c.subscription_id
                                                     and e.ordering_key = c.ordering_key)
                           order by c.due_at
                           limit :batch
                           for update of q skip locked)
                        update webhook_queue q set lease_owner = :owner, lease_until = now() + make_interval(secs => :lease)
                          from due where q.subscription_id = due.subscription_id
                                     and q.ordering_key = due.ordering_key and q.delivery_id = due.delivery_id
                        returning q.delivery_id, q.tenant
                        """)
                .bind("busy", busySubscriptions.toArray(Long[]::new))
                .bind("scan", settings.pollBatch() * SCAN_PER_CLAIM)
                .bind("batch", settings.pollBatch())
                .bind("owner", owner)
                .bind("lease", leaseSeconds())
                .map(row -> new Claimed(row.get("tenant", String.class), row.get("delivery_id", Long.class)))
                .all()
                .collectList();
        Mono<List<Claimed>> claimed = tx.transactional(queuePlanning().then(claim));
        return claimed.flatMapMany(list -> {
            Map<String, List<Long>> byTenant = list.stream()
                    .collect(Collectors.groupingBy(
                            Claimed::tenant, Collectors.mapping(Claimed::deliveryId, Collectors.toList())));
            return Flux.fromIterable(byTenant.entrySet()).concatMap(entry -> {
                TenantId tenant = TenantId.of(entry.getKey());
                return tx.transactional(load(tenant, entry.getValue()))
                        .flatMapIterable(jobs -> jobs)
                        .contextWrite(Tenancy.of(tenant));
            });
        });
    }

    private record Claimed(String tenant, long deliveryId) {}

    /**
     * Records an attempt and decides what follows: delivered, retry later, or failed for good. When the key's queue
     * moved on, claims and returns its next delivery. An endpoint that has failed for longer than {@code disableAfter}
     * is disabled and the tenant's administrators are told.
     */
    Mono<List<DeliveryJob>> complete(DeliveryJob job, AttemptResult result) {
        int attempt = job.attempts() + 1;
        Optional<Duration> retryIn = result.succeeded() ? Optional.empty() : retries.after(attempt);
        String outcome = result.succeeded() ? "delivered" : retryIn.isPresent() ? "retrying" : "failed";
        List<String> adminEmails = new ArrayList<>();
        Mono<List<DeliveryJob>> work = Mono.fromRunnable(adminEmails::clear) // an attempt run again starts afresh
                .then(queuePlanning())
                .then(recordAttempt(job, attempt, outcome, result))
                .then(updateDelivery(job, attempt, outcome, result, retryIn))
                .then(result.succeeded() ? endpointRecovered(job) : endpointFailed(job, adminEmails))
                .then(Mono.defer(() -> outcome.equals("retrying") ? Mono.just(List.<DeliveryJob>of()) : next(job)));
        return tx.transactional(work)
                .retryWhen(TransientFailures.retry())
                .contextWrite(Tenancy.of(job.tenant()))
                .doOnSuccess(ignored -> {
                    for (String email : adminEmails) {
                        mailer.send(
                                email,
                                "Webhook endpoint disabled",
                                "The webhook endpoint " + job.url() + " (subscription " + job.subscriptionId()
                                        + ") failed continuously and was disabled. Re-enable it in the webhook settings once"
                                        + " it works again.");
                    }
                });
    }

    /** A successful attempt waiting to be recorded. */
    record Success(DeliveryJob job, AttemptResult result) {}

    /**
     * Records many successful attempts of one tenant in one statement (what {@link #complete} does for one), and
     * claims the next due delivery of each key they free. A success record need not wait for the disk (asynchronous
     * commit): should the database lose it in a crash, the delivery is sent once more with the same webhook-id, while
     * every pending delivery itself is written durably.
     */
    Mono<List<DeliveryJob>> deliveredAll(TenantId tenant, List<Success> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        Integer[] codes = new Integer[n];
        String[] responses = new String[n];
        Long[] latencies = new Long[n];
        Long[] subs = new Long[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            Success s = batch.get(i);
            ids[i] = s.job().deliveryId();
            attempts[i] = s.job().attempts() + 1;
            codes[i] = s.result().statusCode();
            String response = s.result().response();
            responses[i] =
                    response == null || response.length() <= MAX_TEXT ? response : response.substring(0, MAX_TEXT);
            latencies[i] = s.result().latencyMs();
            subs[i] = s.job().subscriptionId();
            keys[i] = s.job().orderingKey();
        }
        Mono<List<DeliveryJob>> work = db.sql("select set_config('synchronous_commit', 'off', true), " + QUEUE_PLANNING)
                .then()
                .then(db.sql(
                                """
                                with done as (
                                  select * from unnest(cast(:ids as bigint[]), cast(:attempts as int[]),
                                                       cast(:codes as int[]), cast(:responses as text[]),
                                                       cast(:latencies as bigint[]), cast(:subs as bigint[]),
                                                       cast(:keys as text[]))
                                         as x(id, attempt, code, response, latency, sub, key)),
                                attempt as (
                                  insert into webhook_attempt (delivery_id, attempt, outcome, status_code, response,
                                                               latency_ms)
                                  select id, attempt, 'delivered', code, response, latency from done),
                                delivery as (
                                  update webhook_delivery d set status = 'delivered', attempts = done.attempt,
                                         last_status_code = done.code, last_response = done.response, last_error = null,
                                         last_latency_ms = done.latency, next_attempt_at = null, completed_at = now()
                                    from done where d.id = done.id),
                                dequeued as (delete from webhook_queue q using done
                                              where q.subscription_id = done.sub and q.ordering_key = done.key
                                                and q.delivery_id = done.id),
                                recovered as (
                                  update webhook_subscription s set failing_since = null
                                    from (select distinct sub from done) f
                                   where s.id = f.sub and s.failing_since is not null),
                                heads as (
                                  select k.sub, k.key, h.delivery_id, h.due_at, h.lease_until
                                    from (select distinct sub, key from done) k
                                    cross join lateral (
                                      select q.delivery_id, q.due_at, q.lease_until from webhook_queue q
                                       where q.subscription_id = k.sub and q.ordering_key = k.key
                                         and q.delivery_id <> all(cast(:ids as bigint[]))
                                       order by q.delivery_id
                                       limit 1) h),
                                next as (
                                  update webhook_queue q set lease_owner = :owner,
                                         lease_until = now() + make_interval(secs => :lease)
                                    from heads h
                                   where q.subscription_id = h.sub and q.ordering_key = h.key
                                     and q.delivery_id = h.delivery_id and h.due_at <= now()
                                     and (h.lease_until is null or h.lease_until < now())
                                  returning q.delivery_id)
                                """
                                        + JOB_COLUMNS
                                        + " from next join webhook_delivery d on d.id = next.delivery_id "
                                        + JOB_JOINS
                                        + " order by d.id")
                        .bind("ids", ids)
                        .bind("attempts", attempts)
                        .bind("codes", codes)
                        .bind("responses", responses)
                        .bind("latencies", latencies)
                        .bind("subs", subs)
                        .bind("keys", keys)
                        .bind("owner", owner)
                        .bind("lease", leaseSeconds())
                        .map(row -> job(tenant, row))
                        .all()
                        .collectList());
        // It locks many delivery and queue rows at once, in another order than a subscription's deletion (a cascade)
        // or another replica's completions may: a deadlock there is resolved by running it again.
        return tx.transactional(work).retryWhen(TransientFailures.retry()).contextWrite(Tenancy.of(tenant));
    }

    /** Finishes a delivery whose subscription is gone or inactive, without sending it. */
    Mono<List<DeliveryJob>> abandon(DeliveryJob job, String why) {
        Mono<List<DeliveryJob>> work = queuePlanning()
                .then(db.sql("update webhook_delivery set status = 'failed', last_error = :why,"
                                + " completed_at = now(), next_attempt_at = null where id = :id and status = 'pending'")
                        .bind("why", why)
                        .bind("id", job.deliveryId())
                        .then())
                // its queue row goes too: a finished delivery must not stay its key's head (it blocked the key)
                .then(db.sql("delete from webhook_queue where " + QUEUE_ROW)
                        .bind("sub", job.subscriptionId())
                        .bind("key", job.orderingKey())
                        .bind("id", job.deliveryId())
                        .then())
                .then(next(job));
        return tx.transactional(work).contextWrite(Tenancy.of(job.tenant()));
    }

    /** Gives claimed deliveries back (this replica has no room for them now, or is stopping). */
    Mono<Void> release(Collection<DeliveryJob> jobs) {
        return updateLeases("lease_owner = null, lease_until = null", jobs, UnaryOperator.identity());
    }

    /** Extends this replica's leases of deliveries it still holds in memory (waiting to be sent or in flight). */
    Mono<Void> renew(Collection<DeliveryJob> jobs) {
        return updateLeases(
                "lease_until = now() + make_interval(secs => :lease)", jobs, sql -> sql.bind("lease", leaseSeconds()));
    }

    /**
     * Sets these columns of this replica's leases of these jobs' queue rows, in a transaction of its own. The jobs and
     * the owner are a materialized list, {@code rows(sub, key, id, owner)}: as {@code lease_owner = :owner} the
     * statistics (almost every queue row has no owner) made the queue look like one row, and it became the outer side
     * of the join, a whole-queue scan compared with every id (5.6 s for 2,631 leases).
     */
    private Mono<Void> updateLeases(
            String set, Collection<DeliveryJob> jobs, UnaryOperator<DatabaseClient.GenericExecuteSpec> binds) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("with rows as materialized (select x.*, cast(:owner as uuid)"
                        + " as owner from unnest(cast(:subs as bigint[]), cast(:keys as text[]), cast(:ids as bigint[]))"
                        + " as x(sub, key, id)) update webhook_queue q set " + set + " from rows"
                        + " where q.subscription_id = rows.sub and q.ordering_key = rows.key"
                        + " and q.delivery_id = rows.id and q.lease_owner = rows.owner")
                .bind("subs", jobs.stream().map(DeliveryJob::subscriptionId).toArray(Long[]::new))
                .bind("keys", jobs.stream().map(DeliveryJob::orderingKey).toArray(String[]::new))
                .bind("ids", jobs.stream().map(DeliveryJob::deliveryId).toArray(Long[]::new))
                .bind("owner", owner);
        return tx.transactional(queuePlanning().then(binds.apply(sql).then()));
    }

    Mono<Void> releaseAll() {
        return db.sql("update webhook_queue set lease_owner = null, lease_until = null where lease_owner = :owner")
                .bind("owner", owner)
                .then();
    }

    /** One endpoint's deliveries waiting in the database: fresh, being sent, or due for a retry later. */
    record Depth(long subscriptionId, String tenant, long deliveries) {}

    /**
     * The queue depth of every subscription with queued deliveries (all tenants: the queue carries its rows' tenant and
     * has no row-level security), for the queue-depth gauge. One pass over the primary key, ballast excluded.
     */
    Flux<Depth> depths() {
        return tx.transactional(queuePlanning()
                .thenMany(db.sql(
                                """
                                select subscription_id, tenant, count(*) as n from webhook_queue
                                 where subscription_id > 0 group by subscription_id, tenant
                                """)
                        .map(row -> new Depth(
                                row.get("subscription_id", Long.class),
                                row.get("tenant", String.class),
                                row.get("n", Long.class)))
                        .all()));
    }

    private Mono<Void> recordAttempt(DeliveryJob job, int attempt, String outcome, AttemptResult result) {
        var sql = db.sql("insert into webhook_attempt (delivery_id, attempt, outcome, status_code, response, error,"
                        + " latency_ms) values (:delivery, :attempt, :outcome, :code, :response, :error, :latency)")
                .bind("delivery", job.deliveryId())
                .bind("attempt", attempt)
                .bind("outcome", outcome)
                .bind("latency", result.latencyMs());
        sql = result.statusCode() == null ? sql.bindNull("code", Integer.class) : sql.bind("code", result.statusCode());
        sql = bindText(sql, "response", result.response());
        sql = bindText(sql, "error", result.error());
        return sql.then();
    }

    private Mono<Void> updateDelivery(
            DeliveryJob job, int attempt, String outcome, AttemptResult result, Optional<Duration> retryIn) {
        String status = outcome.equals("retrying") ? "pending" : outcome;
        var sql = db.sql("update webhook_delivery set status = :status, attempts = :attempt, last_status_code = :code,"
                        + " last_response = :response, last_error = :error, last_latency_ms = :latency,"
                        + " next_attempt_at = case when :retry then now() + make_interval(secs => :delay) end,"
                        + " completed_at = case when :retry then null else now() end where id = :id")
                .bind("status", status)
                .bind("attempt", attempt)
                .bind("latency", result.latencyMs())
                .bind("retry", retryIn.isPresent())
                .bind("delay", retryIn.map(d -> d.toMillis() / 1000.0).orElse(0.0))
                .bind("id", job.deliveryId());
        sql = result.statusCode() == null ? sql.bindNull("code", Integer.class) : sql.bind("code", result.statusCode());
        sql = bindText(sql, "response", result.response());
        sql = bindText(sql, "error", result.error());
        Mono<Void> queue = retryIn.isPresent()
                ? db.sql("update webhook_queue set due_at = now() + make_interval(secs => :delay), lease_owner = null,"
                                + " lease_until = null where " + QUEUE_ROW)
                        .bind("delay", retryIn.get().toMillis() / 1000.0)
                        .bind("sub", job.subscriptionId())
                        .bind("key", job.orderingKey())
                        .bind("id", job.deliveryId())
                        .then()
                : db.sql("delete from webhook_queue where " + QUEUE_ROW)
                        .bind("sub", job.subscriptionId())
                        .bind("key", job.orderingKey())
                        .bind("id", job.deliveryId())
                        .then();
        return sql.then().then(queue);
    }

    private Mono<Void> endpointRecovered(DeliveryJob job) {
        return db.sql("update webhook_subscription set failing_since = null where id = :id and failing_since is not"
                        + " null")
                .bind("id", job.subscriptionId())
                .then();
    }

    private Mono<Void> endpointFailed(DeliveryJob job, List<String> adminEmails) {
        return db.sql(
                        """
                        update webhook_subscription set failing_since = coalesce(failing_since, now()),
                               active = case when active and failing_since < now() - make_interval(secs => :after) then false
                                             else active end,
                               disabled_at = case when active and failing_since < now() - make_interval(secs => :after) then now()
                                                  else disabled_at end,
                               disabled_reason = case when active and failing_since < now() - make_interval(secs => :after)
                                                      then 'failed continuously since ' || failing_since::text
                                                      else disabled_reason end
                         where id = :id
                        returning active = false and disabled_at = now() as disabled_now
                        """)
                .bind("after", settings.disableAfter().toMillis() / 1000.0)
                .bind("id", job.subscriptionId())
                .map(row -> Boolean.TRUE.equals(row.get("disabled_now", Boolean.class)))
                .one()
                .defaultIfEmpty(false)
                .flatMap(disabledNow -> {
                    if (!disabledNow) {
                        return Mono.empty();
                    }
                    log.warn("Webhook subscription {} disabled after failing continuously", job.subscriptionId());
                    return failPending(job.subscriptionId(), "endpoint disabled")
                            .thenMany(notifications.notifyAdministrators(
                                    Notification.WEBHOOK_DISABLED,
                                    "Webhook endpoint disabled",
                                    "The webhook endpoint " + job.url() + " failed continuously and was disabled.",
                                    job.subscriptionId()))
                            .doOnNext(adminEmails::add)
                            .then();
                });
    }

    /** Fails every pending delivery of a subscription that no longer sends (in the current transaction). */
    Mono<Void> failPending(long subscriptionId, String why) {
        return db.sql("update webhook_delivery set status = 'failed', last_error = :why, completed_at = now(),"
                        + " next_attempt_at = null where subscription_id = :sub and status = 'pending'")
                .bind("why", why)
                .bind("sub", subscriptionId)
                .then()
                .then(db.sql("delete from webhook_queue where subscription_id = :sub")
                        .bind("sub", subscriptionId)
                        .then());
    }

    /** Claims the key's next delivery when it is due and unclaimed (in the current transaction). */
    private Mono<List<DeliveryJob>> next(DeliveryJob job) {
        return db.sql(
                        """
                        update webhook_queue set lease_owner = :owner, lease_until = now() + make_interval(secs => :lease)
                         where subscription_id = :sub and ordering_key = :key
                           and delivery_id = (select min(delivery_id) from webhook_queue
                                               where subscription_id = :sub and ordering_key = :key)
                           and due_at <= now() and (lease_until is null or lease_until < now())
                        returning delivery_id
                        """)
                .bind("owner", owner)
                .bind("lease", leaseSeconds())
                .bind("sub", job.subscriptionId())
                .bind("key", job.orderingKey())
                .map(row -> row.get("delivery_id", Long.class))
                .all()
                .collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(List.<DeliveryJob>of()) : load(job.tenant(), ids));
    }

    private Mono<List<DeliveryJob>> load(TenantId tenant, List<Long> ids) {
        return db.sql(JOB_COLUMNS + " from webhook_delivery d " + JOB_JOINS + " where d.id = any(:ids) order by d.id")
                .bind("ids", ids.toArray(Long[]::new))
                .map(row -> job(tenant, row))
                .all()
                .collectList();
    }

    /** The columns {@link #job} reads: from {@code d} (a webhook_delivery row) and {@link #JOB_JOINS}. */
    private static final String JOB_COLUMNS =
            """
            select d.id, d.subscription_id, d.ordering_key, d.webhook_id, p.payload, d.attempts, d.created_at,
                   s.url, s.secret, s.active, d.status""";

    /** The delivery's subscription (URL, secret, whether it is active) and its event's payload. */
    private static final String JOB_JOINS =
            """
            join webhook_subscription s on s.id = d.subscription_id
            join webhook_payload p on p.tenant_id = d.tenant_id and p.event_id = d.event_id""";

    private static DeliveryJob job(TenantId tenant, Readable row) {
        boolean sendable = Boolean.TRUE.equals(row.get("active", Boolean.class))
                && "pending".equals(row.get("status", String.class));
        return new DeliveryJob(
                tenant,
                row.get("id", Long.class),
                row.get("subscription_id", Long.class),
                row.get("ordering_key", String.class),
                sendable ? row.get("url", String.class) : null,
                row.get("secret", String.class),
                row.get("webhook_id", String.class),
                row.get("payload", String.class),
                row.get("attempts", Integer.class),
                row.get("created_at", Instant.class));
    }

    private double leaseSeconds() {
        return settings.lease().toMillis() / 1000.0;
    }

    private static DatabaseClient.GenericExecuteSpec bindText(
            DatabaseClient.GenericExecuteSpec sql, String name, String value) {
        return value == null
                ? sql.bindNull(name, String.class)
                : sql.bind(name, value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value);
    }
}
