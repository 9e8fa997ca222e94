package dev.relaydesk.ticket.people;

import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** ticket-service's copy of company names ({@code CompanyName} in ticket lists), kept from user.companies events. */
@Component
public class CompanyDirectory {

    static final String CONSUMER = "company-directory";

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;

    public CompanyDirectory(Inbox inbox, DatabaseClient db, JsonMapper json) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
    }

    @KafkaListener(topics = "user.companies", groupId = "ticket-service.company-directory")
    void on(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith("relaydesk.company.created.") || type.startsWith("relaydesk.company.updated.")) {
            inbox.applyOnce(
                            CONSUMER,
                            event,
                            e -> upsert(json.readValue(e.getData().toBytes(), CompanyChanged.class)))
                    .block(Duration.ofSeconds(30));
        }
    }

    private Mono<Void> upsert(CompanyChanged company) {
        return db.sql(
                        """
                        insert into company_view (company_id, name) values (:id, :name)
                        on conflict (tenant_id, company_id) do update set name = excluded.name
                        """)
                .bind("id", company.companyId())
                .bind("name", company.name() == null ? "" : company.name())
                .then();
    }

    /** The fields of the company events this read model needs. */
    record CompanyChanged(long companyId, String name) {}
}
