package dev.relaydesk.asset.directory;

import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * asset-service's local copy of user-service's companies (an asset's {@code Company} name, the check that an asset's
 * company exists), kept from {@code user.companies} events. Each event is applied once.
 */
@Component
class CompanyDirectory {

    static final String CONSUMER = "company-directory";

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;

    CompanyDirectory(Inbox inbox, DatabaseClient db, JsonMapper json) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
    }

    @KafkaListener(topics = "user.companies", groupId = "asset-service.company-directory")
    void on(CloudEvent event) {
        if (!event.getType().startsWith("relaydesk.company.created.")
                && !event.getType().startsWith("relaydesk.company.updated.")) {
            return;
        }
        inbox.applyOnce(CONSUMER, event, e -> upsert(json.readValue(e.getData().toBytes(), CompanyChanged.class)))
                .block(Duration.ofSeconds(30));
    }

    private Mono<Void> upsert(CompanyChanged company) {
        return db.sql(
                        """
                        insert into company_view (company_id, name) values (:id, :name)
                        on conflict (tenant_id, company_id) do update set name = excluded.name, updated_at = now()
                        """)
                .bind("id", company.companyId())
                .bind("name", company.name() == null ? "" : company.name())
                .then();
    }

    /** The fields of user-service's company events this read model needs (tolerant reader). */
    record CompanyChanged(long companyId, String name) {}
}
