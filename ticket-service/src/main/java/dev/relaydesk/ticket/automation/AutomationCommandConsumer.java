package dev.relaydesk.ticket.automation;

import dev.relaydesk.platform.inbox.Inbox;
import dev.relaydesk.ticket.tickets.AutomationCommand;
import dev.relaydesk.ticket.tickets.AutomationCommands;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes automation-service's {@code relaydesk.automation.ticket-command.v1} from {@code automation.commands}, once
 * per command (through the inbox, under the command's tenant). Notification commands on the same topic are
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

    @KafkaListener(topics = "automation.commands", groupId = "ticket-service.automation-commands")
    void on(CloudEvent event) {
        if (!TYPE.equals(event.getType())) {
            return;
        }
        inbox.applyOnce(
                        CONSUMER,
                        event,
                        e -> commands.apply(json.readValue(e.getData().toBytes(), AutomationCommand.class)))
                .block(Duration.ofSeconds(30));
    }
}
