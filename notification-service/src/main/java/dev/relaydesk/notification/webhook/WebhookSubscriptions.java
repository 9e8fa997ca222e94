package dev.relaydesk.notification.webhook;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.tx.TransientFailures;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Administrators manage their tenant's webhook subscriptions: create, list, read, replace, delete, rotate secret. */
@Component
public class WebhookSubscriptions {

    static final String COLUMNS =
            "id, url, event_types, category_ids, active, description, created_at, updated_at, disabled_at,"
                    + " disabled_reason";
    private static final int MAX_EVENT_TYPES = 50;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final WebhookUrlPolicy urls;
    private final WebhookSecrets secrets;

    public WebhookSubscriptions(
            DatabaseClient db, TransactionalOperator tx, WebhookUrlPolicy urls, WebhookSecrets secrets) {
        this.db = db;
        this.tx = tx;
        this.urls = urls;
        this.secrets = secrets;
    }

    public static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators may manage webhooks");
        }
    }

    public Mono<SubscriptionWithSecret> create(Caller caller, SubscriptionRequest request) {
        requireAdmin(caller);
        return validate(request).flatMap(valid -> {
            String secret = secrets.generate();
            Mono<Subscription> insert = db.sql(
                            "insert into webhook_subscription (url, event_types, category_ids, active,"
                                    + " description, secret) values (:url, :types, :categories, :active, :description,"
                                    + " :secret) returning " + COLUMNS)
                    .bind("url", valid.url())
                    .bind("types", valid.eventTypes().toArray(String[]::new))
                    .bind("categories", categoriesParameter(valid.categoryIds()))
                    .bind("active", valid.active())
                    .bind("description", valid.description())
                    .bind("secret", secret)
                    .map(WebhookSubscriptions::read)
                    .one();
            return tx.transactional(insert).map(s -> new SubscriptionWithSecret(s, secret));
        });
    }

    public Flux<Subscription> list(Caller caller) {
        requireAdmin(caller);
        return tx.transactional(db.sql("select " + COLUMNS + " from webhook_subscription order by id")
                .map(WebhookSubscriptions::read)
                .all());
    }

    public Mono<Subscription> get(Caller caller, long id) {
        requireAdmin(caller);
        return tx.transactional(find(id));
    }

    public Mono<Subscription> replace(Caller caller, long id, SubscriptionRequest request) {
        requireAdmin(caller);
        return validate(request)
                .flatMap(valid -> tx.transactional(db.sql("update webhook_subscription set url = :url, event_types ="
                                + " :types, category_ids = :categories, description = :description, updated_at ="
                                + " now(), failing_since = case when :active and not active then null else"
                                + " failing_since end, disabled_at = case when :active then null else disabled_at"
                                + " end, disabled_reason = case when :active then null else disabled_reason end,"
                                + " active = :active where id = :id returning " + COLUMNS)
                        .bind("url", valid.url())
                        .bind("types", valid.eventTypes().toArray(String[]::new))
                        .bind("categories", categoriesParameter(valid.categoryIds()))
                        .bind("active", valid.active())
                        .bind("description", valid.description())
                        .bind("id", id)
                        .map(WebhookSubscriptions::read)
                        .one()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Subscription", id)));
    }

    public Mono<Void> delete(Caller caller, long id) {
        requireAdmin(caller);
        // its deliveries go with it (on delete cascade), and so do the payloads no other subscription's delivery sends
        return tx.transactional(db.sql(
                                """
                                with gone as (
                                  select distinct event_id from webhook_delivery where subscription_id = :id),
                                payloads as (
                                  delete from webhook_payload p using gone
                                   where p.event_id = gone.event_id
                                     and not exists (select 1 from webhook_delivery d
                                                      where d.event_id = p.event_id and d.subscription_id <> :id))
                                delete from webhook_subscription where id = :id
                                """)
                        .bind("id", id)
                        .fetch()
                        .rowsUpdated())
                // the cascade locks the deliveries in another order than the dispatcher's completions do
                .retryWhen(TransientFailures.retry())
                .flatMap(deleted ->
                        deleted == 0 ? Mono.error(ApiException.notFound("Subscription", id)) : Mono.<Void>empty());
    }

    public Mono<SubscriptionWithSecret> rotateSecret(Caller caller, long id) {
        requireAdmin(caller);
        String secret = secrets.generate();
        return tx.transactional(db.sql("update webhook_subscription set secret = :secret, updated_at = now() where id"
                                + " = :id returning " + COLUMNS)
                        .bind("secret", secret)
                        .bind("id", id)
                        .map(WebhookSubscriptions::read)
                        .one())
                .map(s -> new SubscriptionWithSecret(s, secret))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Subscription", id)));
    }

    /** The subscription in the current transaction, or a 404. */
    public Mono<Subscription> find(long id) {
        return db.sql("select " + COLUMNS + " from webhook_subscription where id = :id")
                .bind("id", id)
                .map(WebhookSubscriptions::read)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Subscription", id)));
    }

    /** The active subscriptions of the current transaction's tenant, with their secrets (for the dispatcher). */
    public Flux<Endpoint> activeEndpoints() {
        return db.sql("select " + COLUMNS + ", secret from webhook_subscription where active")
                .map(row -> new Endpoint(read(row), row.get("secret", String.class)))
                .all();
    }

    /** A subscription with what the dispatcher needs to sign for it. */
    public record Endpoint(Subscription subscription, String secret) {}

    private Mono<SubscriptionRequest> validate(SubscriptionRequest request) {
        if (request == null) {
            return Mono.error(ApiException.missingParameter("url"));
        }
        if (request.eventTypes() == null || request.eventTypes().isEmpty()) {
            return Mono.error(ApiException.missingParameter("eventTypes"));
        }
        if (request.eventTypes().size() > MAX_EVENT_TYPES) {
            return Mono.error(ApiException.badParameter("eventTypes", "has more than " + MAX_EVENT_TYPES + " entries"));
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (String type : request.eventTypes()) {
            EventTypePattern pattern = EventTypePattern.parse(type)
                    .orElseThrow(() -> ApiException.badParameter(
                            "eventTypes",
                            "has an invalid entry '" + type + "': use *, ticket.*, ticket.created or"
                                    + " relaydesk.ticket.created.v1"));
            types.add(pattern.value());
        }
        List<Long> categories = null;
        if (request.categoryIds() != null) {
            if (request.categoryIds().stream().anyMatch(c -> c == null || c <= 0)) {
                return Mono.error(ApiException.badParameter("categoryIds", "must hold positive ids"));
            }
            categories = request.categoryIds().isEmpty()
                    ? null
                    : new ArrayList<>(new LinkedHashSet<>(request.categoryIds()));
        }
        String description =
                request.description() == null ? "" : request.description().trim();
        if (description.length() > 1000) {
            return Mono.error(ApiException.badParameter("description", "is longer than 1000 characters"));
        }
        List<Long> finalCategories = categories;
        boolean active = request.active() == null || request.active();
        return urls.check(request.url())
                .map(url -> new SubscriptionRequest(url, List.copyOf(types), finalCategories, active, description));
    }

    private static Object categoriesParameter(List<Long> categories) {
        return categories == null ? new Long[0] : categories.toArray(Long[]::new);
    }

    static Subscription read(Readable row) {
        Long[] categories = row.get("category_ids", Long[].class);
        return new Subscription(
                row.get("id", Long.class),
                row.get("url", String.class),
                Arrays.asList(row.get("event_types", String[].class)),
                categories == null || categories.length == 0 ? null : Arrays.asList(categories),
                Boolean.TRUE.equals(row.get("active", Boolean.class)),
                row.get("description", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("disabled_at", Instant.class),
                row.get("disabled_reason", String.class));
    }
}
