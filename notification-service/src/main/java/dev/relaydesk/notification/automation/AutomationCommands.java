package dev.relaydesk.notification.automation;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.notification.mail.Mailer;
import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries out automation-service's notification commands ({@code relaydesk.automation.notification-command.v1} on
 * {@code automation.commands}): {@code send-email} to the given addresses, {@code call-webhook} as a one-shot request
 * (see {@link RuleWebhookCalls}). A command is accepted once (inbox, by CloudEvent id); the mail or the call leaves
 * after that commit, off the listener thread, so a slow endpoint never holds up the partition. Other types on the topic
 * (ticket commands) belong to ticket-service and are ignored.
 */
@Component
class AutomationCommands {

    static final String CONSUMER = "automation-commands";
    static final String NOTIFICATION_COMMAND = "relaydesk.automation.notification-command.";

    private static final Logger log = LoggerFactory.getLogger(AutomationCommands.class);

    private final Inbox inbox;
    private final Mailer mailer;
    private final RuleWebhookCalls webhooks;
    private final JsonMapper json;

    AutomationCommands(Inbox inbox, Mailer mailer, RuleWebhookCalls webhooks, JsonMapper json) {
        this.inbox = inbox;
        this.mailer = mailer;
        this.webhooks = webhooks;
        this.json = json;
    }

    @KafkaListener(topics = "automation.commands", groupId = "notification-service.automation-commands")
    void on(CloudEvent event) {
        if (!event.getType().startsWith(NOTIFICATION_COMMAND) || event.getData() == null) {
            return;
        }
        NotificationCommand command = json.readValue(event.getData().toBytes(), NotificationCommand.class);
        Action action = command.action();
        if (action == null || action.type() == null) {
            log.warn("Automation command {} of rule {} has no action: ignored", command.commandId(), command.ruleId());
            return;
        }
        Boolean applied = inbox.applyOnce(CONSUMER, event, e -> Mono.empty()).block(Duration.ofSeconds(30));
        if (!Boolean.TRUE.equals(applied)) {
            log.debug("Automation command {} (event {}) was already carried out", command.commandId(), event.getId());
            return;
        }
        switch (action.type()) {
            case "send-email" -> sendEmail(command, action).subscribe();
            case "call-webhook" ->
                webhooks.call(
                                TenantId.of(tenantOf(event)),
                                command.commandId(),
                                command.ruleId(),
                                command.ticketId(),
                                action.method(),
                                action.url(),
                                action.contentType(),
                                action.headers(),
                                action.body())
                        .subscribe();
            default ->
                log.warn(
                        "Automation command {} of rule {} has an unknown action type '{}': ignored",
                        command.commandId(),
                        command.ruleId(),
                        action.type());
        }
    }

    private Mono<Void> sendEmail(NotificationCommand command, Action action) {
        List<String> to = action.to() == null
                ? List.of()
                : action.to().stream()
                        .filter(address -> address != null && !address.isBlank())
                        .distinct()
                        .toList();
        if (!mailer.enabled()) {
            log.info(
                    "E-mail is not configured: rule {} ({}) e-mail for ticket {} to {} not sent",
                    command.ruleId(),
                    command.ruleName(),
                    command.ticketId(),
                    to);
            return Mono.empty();
        }
        if (to.isEmpty()) {
            log.info("Rule {} e-mail for ticket {} has no recipients: not sent", command.ruleId(), command.ticketId());
            return Mono.empty();
        }
        String subject = action.subject() == null ? "" : action.subject();
        String body = action.body() == null ? "" : action.body();
        return Flux.fromIterable(to)
                .concatMap(address -> mailer.sendLater(address, subject, body))
                .then(Mono.fromRunnable(() -> log.info(
                        "Rule {} ({}) e-mailed {} about ticket {}",
                        command.ruleId(),
                        command.ruleName(),
                        to,
                        command.ticketId())));
    }

    private static String tenantOf(CloudEvent event) {
        Object tenant = event.getExtension("tenant");
        return tenant == null ? null : tenant.toString();
    }

    /** The command fields this consumer reads (tolerant reader). */
    record NotificationCommand(
            String commandId,
            Long ticketId,
            Long ruleId,
            String ruleName,
            Integer depth,
            String originEventId,
            Action action) {}

    /** send-email: to, subject, body; call-webhook: url, method, contentType, headers, body. */
    record Action(
            String type,
            List<String> to,
            String subject,
            String body,
            String url,
            String method,
            String contentType,
            Map<String, String> headers) {}
}
