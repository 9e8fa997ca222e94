package dev.relaydesk.kb.category;

import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code kb_categories} in step with ticket-service's categories ({@code ticket.categories}), so that filing,
 * listing and hiding articles never calls ticket-service. Each event is applied once, under the event's tenant.
 */
@Component
class TicketCategoryFeed {

    static final String TOPIC = "ticket.categories";
    static final String CONSUMER = "ticket-categories";
    private static final String CREATED = "relaydesk.category.created.v1";
    private static final String UPDATED = "relaydesk.category.updated.v1";
    private static final String DELETED = "relaydesk.category.deleted.v1";
    private static final Logger log = LoggerFactory.getLogger(TicketCategoryFeed.class);

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;

    TicketCategoryFeed(Inbox inbox, DatabaseClient db, JsonMapper json) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
    }

    @KafkaListener(topics = TOPIC, groupId = "kb-service.ticket-categories")
    void on(CloudEvent event) {
        String type = event.getType();
        if (!CREATED.equals(type) && !UPDATED.equals(type) && !DELETED.equals(type)) {
            return;
        }
        if (event.getData() == null) {
            log.warn("Ignoring {} event {} without data", type, event.getId());
            return;
        }
        CategoryChanged category = json.readValue(event.getData().toBytes(), CategoryChanged.class);
        inbox.applyOnce(CONSUMER, event, e -> DELETED.equals(type) ? delete(category) : upsert(category))
                .block(Duration.ofSeconds(30));
    }

    private Mono<Void> upsert(CategoryChanged category) {
        log.debug("Category {} changed", category.categoryId());
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        """
                        insert into kb_categories
                          (category_id, name, notes, section_id, section_name, for_techs_only, kb_only)
                        values (:id, :name, :notes, :section, :sectionName, :techs, :kbOnly)
                        on conflict (tenant_id, category_id) do update set
                          name = excluded.name, notes = excluded.notes, section_id = excluded.section_id,
                          section_name = excluded.section_name, for_techs_only = excluded.for_techs_only,
                          kb_only = excluded.kb_only, updated_at = now()
                        """)
                .bind("id", category.categoryId())
                .bind("name", category.name() == null ? "" : category.name())
                .bind("techs", Boolean.TRUE.equals(category.forTechsOnly()))
                .bind("kbOnly", Boolean.TRUE.equals(category.kbOnly()));
        spec = category.notes() == null ? spec.bindNull("notes", String.class) : spec.bind("notes", category.notes());
        spec = category.sectionId() == null
                ? spec.bindNull("section", Long.class)
                : spec.bind("section", category.sectionId());
        spec = category.sectionName() == null
                ? spec.bindNull("sectionName", String.class)
                : spec.bind("sectionName", category.sectionName());
        return spec.then();
    }

    /** The category leaves the read model; its articles stay, visible to technicians only until refiled. */
    private Mono<Void> delete(CategoryChanged category) {
        log.debug("Category {} deleted", category.categoryId());
        return db.sql("delete from kb_categories where category_id = :id")
                .bind("id", category.categoryId())
                .then();
    }

    /** The fields of ticket-service's category events this read model needs (tolerant reader). */
    record CategoryChanged(
            long categoryId,
            String name,
            String notes,
            Long sectionId,
            String sectionName,
            Boolean forTechsOnly,
            Boolean kbOnly) {}
}
