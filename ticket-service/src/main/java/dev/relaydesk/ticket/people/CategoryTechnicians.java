package dev.relaydesk.ticket.people;

import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which technicians work in which categories, kept from user-service's {@code user.permissions} events: it decides
 * which tickets a technician sees and who {@code TechsForCategory} offers. Each event is applied once.
 */
@Component
public class CategoryTechnicians {

    static final String CONSUMER = "category-technicians";

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;

    public CategoryTechnicians(Inbox inbox, DatabaseClient db, JsonMapper json) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
    }

    @KafkaListener(topics = "user.permissions", groupId = "ticket-service.category-technicians")
    void on(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith("relaydesk.permission.category-tech-added.")) {
            inbox.applyOnce(CONSUMER, event, e -> add(read(e))).block(Duration.ofSeconds(30));
        } else if (type.startsWith("relaydesk.permission.category-tech-removed.")) {
            inbox.applyOnce(CONSUMER, event, e -> remove(read(e))).block(Duration.ofSeconds(30));
        }
    }

    private Permission read(CloudEvent event) {
        return json.readValue(event.getData().toBytes(), Permission.class);
    }

    private Mono<Void> add(Permission p) {
        return db.sql(
                        "insert into category_techs (user_id, category_id) values (:user, :category) on conflict do nothing")
                .bind("user", p.userId())
                .bind("category", p.categoryId())
                .then();
    }

    private Mono<Void> remove(Permission p) {
        return db.sql("delete from category_techs where user_id = :user and category_id = :category")
                .bind("user", p.userId())
                .bind("category", p.categoryId())
                .then();
    }

    /** The fields of the permission events this read model needs. */
    record Permission(long userId, long categoryId) {}
}
