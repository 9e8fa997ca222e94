package dev.relaydesk.ticket.automation;

import dev.relaydesk.platform.inbox.Inbox;
import dev.relaydesk.ticket.tickets.AutomationCommand;
import dev.relaydesk.ticket.tickets.AutomationCommands;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes automation-service's {@code relaydesk.automation.ticket-command.v1} from {@code automation.commands}, once
 * per command (through the inbox, under the command's tenant; a polled batch of one tenant's commands in one
 * transaction). Notification commands on the same topic are
 * notification-service's and ignored here.
 */
@Component
public class AutomationCommandConsumer {

    static final String CONSUMER = "automation-commands";
    static final String TYPE = "relaydesk.automation.ticket-command.v1";

    private final Inbox inbox;
    private final JsonMapper json;
    private final AutomationCommands commands;

    public AutomationCommandConsumer(Inbox inbox, JsonMapper json, AutomationCommands commands) {
        this.inbox = inbox;
        this.json = json;
        this.commands = commands;
    }

    @KafkaListener(
            topics = "automation.commands",
            groupId = "ticket-service.automation-commands",
            // one thread by default (batches commit as one transaction each; scale out with replicas), as
            // automation-service's
            // ticket-event consumer: see AutomationProperties.ticketEventConsumers
            concurrency = "${relaydesk.tickets.automation-command-consumers:1}",
            batch = "true",
            // a batch commits as one transaction: smaller batches keep the first event's wait for its commit short
            properties = "max.poll.records=100")
    void on(List<ConsumerRecord<String, CloudEvent>> records) {
        List<ConsumerRecord<String, CloudEvent>> commandsOnly = records.stream()
                .filter(record ->
                        record.value() == null || TYPE.equals(record.value().getType()))
                .toList();
        // one transaction per polled batch (and tenant), not per command: see Inbox.applyEachOnce
        inbox.applyEachOnce(
                CONSUMER,
                commandsOnly,
                e -> commands.apply(json.readValue(e.getData().toBytes(), AutomationCommand.class)),
                Duration.ofSeconds(30));
    }
}
