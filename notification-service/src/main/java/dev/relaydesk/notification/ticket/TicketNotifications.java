package dev.relaydesk.notification.ticket;

import dev.relaydesk.notification.inapp.InAppNotifications;
import dev.relaydesk.notification.inapp.Notification;
import dev.relaydesk.notification.mail.Mailer;
import dev.relaydesk.notification.people.Person;
import dev.relaydesk.notification.people.UserDirectory;
import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells people about their tickets: a confirmation to the submitter of a new ticket (unless {@code
 * suppressConfirmation}), the ticket's new assignee in-app, a new comment to its recipients (or the ticket's submitter
 * and assignee) in-app and by e-mail, never a techs-only comment to a regular user, and the submitter when the ticket
 * is closed (unless {@code suppressNotification}). In-app notifications are stored once with the event (inbox); e-mail
 * leaves after the commit.
 */
@Component
class TicketNotifications {

    static final String CONSUMER = "ticket-notifications";

    private final Inbox inbox;
    private final UserDirectory users;
    private final InAppNotifications notifications;
    private final Mailer mailer;
    private final JsonMapper json;

    TicketNotifications(
            Inbox inbox, UserDirectory users, InAppNotifications notifications, Mailer mailer, JsonMapper json) {
        this.inbox = inbox;
        this.users = users;
        this.notifications = notifications;
        this.mailer = mailer;
        this.json = json;
    }

    @KafkaListener(topics = "ticket.tickets", groupId = "notification-service.ticket-notifications")
    void on(CloudEvent event) {
        String type = event.getType();
        Function<List<Mail>, Mono<Void>> effect;
        if (type.startsWith("relaydesk.ticket.created.")) {
            effect = mails -> created(read(event, TicketCreated.class), mails);
        } else if (type.startsWith("relaydesk.ticket.assigned.")) {
            effect = mails -> assigned(read(event, TicketAssigned.class));
        } else if (type.startsWith("relaydesk.ticket.closed.")) {
            effect = mails -> closed(read(event, TicketClosed.class), mails);
        } else if (type.startsWith("relaydesk.comment.added.")) {
            effect = mails -> commentAdded(read(event, CommentAdded.class), mails);
        } else {
            return;
        }
        List<Mail> mails = new ArrayList<>();
        Boolean applied =
                inbox.applyOnce(CONSUMER, event, e -> effect.apply(mails)).block(Duration.ofSeconds(30));
        if (Boolean.TRUE.equals(applied)) {
            mails.forEach(mail -> mailer.send(mail.to(), mail.subject(), mail.text()));
        }
    }

    private <T> T read(CloudEvent event, Class<T> type) {
        return json.readValue(event.getData().toBytes(), type);
    }

    private Mono<Void> created(TicketCreated event, List<Mail> mails) {
        Ticket ticket = event.ticket();
        Mono<Void> confirmation = Boolean.TRUE.equals(event.suppressConfirmation())
                ? Mono.empty()
                : people(ticket.submitterUserId())
                        .doOnNext(submitter -> mails.add(new Mail(
                                submitter.email(),
                                "[#" + event.ticketId() + "] We received your ticket: " + ticket.subject(),
                                "Hello " + submitter.name() + ",\n\nyour ticket #" + event.ticketId() + " \""
                                        + ticket.subject() + "\" was received. We will get back to you.\n\n"
                                        + plainText(event.body()))))
                        .then();
        Long assignee = ticket.assignedToUserId();
        Mono<Void> assigned = assignee == null || assignee.equals(event.actorUserId())
                ? Mono.empty()
                : notifyAssignee(assignee, event.ticketId(), ticket.subject());
        return confirmation.then(assigned);
    }

    private Mono<Void> assigned(TicketAssigned event) {
        if (event.toUserId() == null || event.toUserId().equals(event.actorUserId())) {
            return Mono.empty();
        }
        String subject = event.ticket() == null ? "" : event.ticket().subject();
        return notifyAssignee(event.toUserId(), event.ticketId(), subject);
    }

    private Mono<Void> notifyAssignee(long userId, long ticketId, String subject) {
        return notifications.notify(
                userId,
                Notification.TICKET_ASSIGNED,
                "Ticket #" + ticketId + " was assigned to you",
                subject == null ? "" : subject,
                ticketId,
                null);
    }

    private Mono<Void> closed(TicketClosed event, List<Mail> mails) {
        if (Boolean.TRUE.equals(event.suppressNotification()) || event.ticket() == null) {
            return Mono.empty();
        }
        Ticket ticket = event.ticket();
        return people(ticket.submitterUserId())
                .doOnNext(submitter -> mails.add(new Mail(
                        submitter.email(),
                        "[#" + event.ticketId() + "] Your ticket was closed: " + ticket.subject(),
                        "Hello " + submitter.name() + ",\n\nyour ticket #" + event.ticketId() + " \"" + ticket.subject()
                                + "\" was closed.")))
                .then();
    }

    private Mono<Void> commentAdded(CommentAdded event, List<Mail> mails) {
        if (Boolean.TRUE.equals(event.isSystem())) {
            return Mono.empty();
        }
        Set<Long> recipients = new LinkedHashSet<>();
        if (event.recipientIds() != null && !event.recipientIds().isEmpty()) {
            recipients.addAll(event.recipientIds());
        } else if (event.ticket() != null) {
            recipients.add(event.ticket().submitterUserId());
            recipients.add(event.ticket().assignedToUserId());
        }
        recipients.removeIf(Objects::isNull);
        recipients.remove(event.authorUserId());
        boolean techsOnly = Boolean.TRUE.equals(event.forTechsOnly());
        String subject = event.ticket() == null ? "" : event.ticket().subject();
        return users.find(recipients)
                .filter(person -> !person.disabled() && (!techsOnly || person.isTechnician()))
                .concatMap(person -> {
                    mails.add(new Mail(
                            person.email(),
                            "[#" + event.ticketId() + "] New comment: " + subject,
                            "Hello " + person.name() + ",\n\na new comment was added to ticket #" + event.ticketId()
                                    + " \"" + subject + "\":\n\n" + plainText(event.body())));
                    return notifications.notify(
                            person.userId(),
                            Notification.COMMENT_ADDED,
                            "New comment on ticket #" + event.ticketId(),
                            abbreviate(plainText(event.body())),
                            event.ticketId(),
                            event.commentId());
                })
                .then();
    }

    private Flux<Person> people(Long userId) {
        return userId == null ? Flux.empty() : users.find(List.of(userId)).filter(person -> !person.disabled());
    }

    static String plainText(String html) {
        if (html == null) {
            return "";
        }
        return html.replaceAll("(?i)<br\\s*/?>|</p>", "\n")
                .replaceAll("<[^>]*>", "")
                .replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .trim();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    private record Mail(String to, String subject, String text) {}

    /** The ticket snapshot fields these notifications read (tolerant reader). */
    record Ticket(long ticketId, String subject, Long submitterUserId, Long assignedToUserId, Long categoryId) {}

    record TicketCreated(long ticketId, Long actorUserId, Ticket ticket, String body, Boolean suppressConfirmation) {}

    record TicketAssigned(long ticketId, Long actorUserId, Ticket ticket, Long fromUserId, Long toUserId) {}

    record TicketClosed(long ticketId, Long actorUserId, Ticket ticket, Boolean suppressNotification) {}

    record CommentAdded(
            long commentId,
            long ticketId,
            Long authorUserId,
            String body,
            Boolean forTechsOnly,
            Boolean isSystem,
            List<Long> recipientIds,
            Ticket ticket) {}
}
