package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** In-app notifications and e-mail, driven by ticket-service's and user-service's events. */
class NotificationsTest extends NotificationTestSupport {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000 + 500);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static long newId() {
        return IDS.incrementAndGet();
    }

    /** A tenant with a known submitter (REGULAR), technician (TECH) and administrator (ADMIN). */
    private String tenantWithPeople() {
        String tenant = newTenant();
        userCreated(tenant, REGULAR, mail(tenant, "submitter"), false, false);
        userCreated(tenant, TECH, mail(tenant, "tech"), false, true);
        userCreated(tenant, ADMIN, mail(tenant, "admin"), true, false);
        awaitUser(tenant, REGULAR);
        awaitUser(tenant, TECH);
        awaitUser(tenant, ADMIN);
        return tenant;
    }

    private static String mail(String tenant, String who) {
        return who + "-" + tenant + "@example.com";
    }

    private JsonNode notificationsOf(String authorization) {
        return jsonOf(getJson("/notifications", authorization));
    }

    private static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A marker event after which earlier events of the same ticket have certainly been handled (one partition). */
    private void awaitHandled(String tenant, long ticketId) {
        String marker = "marker-" + ticketId;
        ticketEvent(
                tenant,
                ticketId,
                "relaydesk.ticket.created.v1",
                ticket(ticketId, marker, 1, TECH, null),
                "body",
                "",
                "suppressConfirmation",
                false);
        await().atMost(WAIT).until(() -> TestMailServer.messagesTo(mail(tenant, "tech")).stream()
                .anyMatch(m -> subject(m).contains(marker)));
    }

    @Nested
    class NewTicket {

        @Test
        void theSubmitterGetsAConfirmation() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.ticket.created.v1",
                    ticket(ticketId, "VPN down", 1, REGULAR, null),
                    "body",
                    "<p>The VPN is <b>down</b></p>",
                    "suppressConfirmation",
                    false);
            await().atMost(WAIT).until(() -> !TestMailServer.messagesTo(mail(tenant, "submitter"))
                    .isEmpty());
            MimeMessage message =
                    TestMailServer.messagesTo(mail(tenant, "submitter")).getFirst();
            assertThat(subject(message)).isEqualTo("[#" + ticketId + "] We received your ticket: VPN down");
            assertThat(text(message)).contains("The VPN is down").doesNotContain("<b>");
        }

        @Test
        void noConfirmationWhenSuppressed() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.ticket.created.v1",
                    ticket(ticketId, "Quiet", 1, REGULAR, null),
                    "body",
                    "",
                    "suppressConfirmation",
                    true);
            awaitHandled(tenant, ticketId);
            assertThat(TestMailServer.messagesTo(mail(tenant, "submitter"))).isEmpty();
        }

        @Test
        void theAssignedTechnicianIsNotifiedInApp() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.ticket.created.v1",
                    ticket(ticketId, "Assigned at birth", 1, REGULAR, TECH),
                    "body",
                    "",
                    "suppressConfirmation",
                    true);
            await().atMost(WAIT).until(() -> notificationsOf(technician(tenant)).size() == 1);
            JsonNode notification = notificationsOf(technician(tenant)).get(0);
            assertThat(fieldNames(notification.toString()))
                    .containsExactly(
                            "id", "userId", "kind", "title", "body", "ticketId", "linkId", "createdAt", "readAt");
            assertThat(notification.get("kind").asString()).isEqualTo("ticket-assigned");
            assertThat(notification.get("ticketId").asLong()).isEqualTo(ticketId);
            assertThat(notification.get("title").asString()).isEqualTo("Ticket #" + ticketId + " was assigned to you");
            assertThat(notificationsOf(regular(tenant))).isEmpty();
        }

        @Test
        void anAssignmentNotifiesTheNewAssignee() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.ticket.assigned.v1",
                    ticket(ticketId, "Reassigned", 1, REGULAR, TECH),
                    "fromUserId",
                    null,
                    "toUserId",
                    TECH);
            await().atMost(WAIT).until(() -> notificationsOf(technician(tenant)).size() == 1);
            assertThat(notificationsOf(technician(tenant)).get(0).get("body").asString())
                    .isEqualTo("Reassigned");
        }
    }

    @Nested
    class NewComment {

        @Test
        void aPublicCommentReachesTheSubmitterByMailAndInApp() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.comment.added.v1",
                    ticket(ticketId, "Printer", 1, REGULAR, TECH),
                    "commentId",
                    55,
                    "authorUserId",
                    TECH,
                    "body",
                    "Try turning it off and on",
                    "forTechsOnly",
                    false,
                    "isSystem",
                    false,
                    "recipientIds",
                    List.of());
            await().atMost(WAIT).until(() -> !TestMailServer.messagesTo(mail(tenant, "submitter"))
                    .isEmpty());
            MimeMessage message =
                    TestMailServer.messagesTo(mail(tenant, "submitter")).getFirst();
            assertThat(subject(message)).isEqualTo("[#" + ticketId + "] New comment: Printer");
            assertThat(text(message)).contains("Try turning it off and on");
            JsonNode notifications = notificationsOf(regular(tenant));
            assertThat(notifications.size()).isEqualTo(1);
            assertThat(notifications.get(0).get("kind").asString()).isEqualTo("comment-added");
            assertThat(notifications.get(0).get("linkId").asLong()).isEqualTo(55);
            // the author is not told about their own comment
            assertThat(notificationsOf(technician(tenant))).isEmpty();
        }

        @Test
        void aTechsOnlyCommentNeverReachesARegularUser() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.comment.added.v1",
                    ticket(ticketId, "Internal", 1, REGULAR, null),
                    "commentId",
                    56,
                    "authorUserId",
                    ADMIN,
                    "body",
                    "Internal note",
                    "forTechsOnly",
                    true,
                    "isSystem",
                    false,
                    "recipientIds",
                    List.of(REGULAR, TECH));
            await().atMost(WAIT).until(() -> !TestMailServer.messagesTo(mail(tenant, "tech"))
                    .isEmpty());
            assertThat(notificationsOf(technician(tenant)).size()).isEqualTo(1);
            awaitHandled(tenant, ticketId);
            assertThat(TestMailServer.messagesTo(mail(tenant, "submitter"))).isEmpty();
            assertThat(notificationsOf(regular(tenant))).isEmpty();
        }

        @Test
        void explicitRecipientsReplaceTheTicketsPeople() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.comment.added.v1",
                    ticket(ticketId, "Recipients", 1, REGULAR, null),
                    "commentId",
                    57,
                    "authorUserId",
                    REGULAR,
                    "body",
                    "For the admin",
                    "forTechsOnly",
                    false,
                    "isSystem",
                    false,
                    "recipientIds",
                    List.of(ADMIN));
            await().atMost(WAIT).until(() -> !TestMailServer.messagesTo(mail(tenant, "admin"))
                    .isEmpty());
            assertThat(notificationsOf(admin(tenant)).size()).isEqualTo(1);
            assertThat(TestMailServer.messagesTo(mail(tenant, "submitter"))).isEmpty();
        }
    }

    @Nested
    class Closure {

        @Test
        void theSubmitterIsToldTheTicketWasClosed() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.ticket.closed.v1",
                    ticket(ticketId, "Done", 1, REGULAR, TECH),
                    "suppressNotification",
                    false);
            await().atMost(WAIT).until(() -> !TestMailServer.messagesTo(mail(tenant, "submitter"))
                    .isEmpty());
            assertThat(subject(
                            TestMailServer.messagesTo(mail(tenant, "submitter")).getFirst()))
                    .isEqualTo("[#" + ticketId + "] Your ticket was closed: Done");
        }

        @Test
        void noMailWhenSuppressed() {
            String tenant = tenantWithPeople();
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.ticket.closed.v1",
                    ticket(ticketId, "Silently", 1, REGULAR, TECH),
                    "suppressNotification",
                    true);
            awaitHandled(tenant, ticketId);
            assertThat(TestMailServer.messagesTo(mail(tenant, "submitter"))).isEmpty();
        }
    }

    @Nested
    class ReadingNotifications {

        private long assignedNotification(String tenant) {
            long ticketId = newId();
            ticketEvent(
                    tenant,
                    ticketId,
                    "relaydesk.ticket.assigned.v1",
                    ticket(ticketId, "Read me", 1, REGULAR, TECH),
                    "fromUserId",
                    null,
                    "toUserId",
                    TECH);
            await().atMost(WAIT)
                    .until(() -> !notificationsOf(technician(tenant)).isEmpty());
            return notificationsOf(technician(tenant)).get(0).get("id").asLong();
        }

        @Test
        void markingReadSetsReadAtAndHidesItFromUnread() {
            String tenant = tenantWithPeople();
            long id = assignedNotification(tenant);
            JsonNode read = jsonOf(send("POST", "/notifications/" + id + "/read", technician(tenant), null));
            assertThat(read.get("readAt").isNull()).isFalse();
            assertThat(jsonOf(getJson("/notifications?unreadOnly=true", technician(tenant))))
                    .isEmpty();
        }

        @Test
        void markingAllReadCountsThem() {
            String tenant = tenantWithPeople();
            assignedNotification(tenant);
            JsonNode result = jsonOf(send("POST", "/notifications/read-all", technician(tenant), null));
            assertThat(result.get("updated").asLong()).isEqualTo(1);
        }

        @Test
        void anotherUsersNotificationIsNotFound() {
            String tenant = tenantWithPeople();
            long id = assignedNotification(tenant);
            assertProblem(
                    send("POST", "/notifications/" + id + "/read", regular(tenant), null),
                    404,
                    "Notification " + id + " was not found");
            assertProblem(
                    send("POST", "/notifications/" + id + "/read", technician(newTenant()), null),
                    404,
                    "Notification " + id + " was not found");
        }

        @Test
        void aBadLimitIsRejected() {
            assertProblem(
                    getJson("/notifications?limit=0", regular(newTenant())),
                    400,
                    "Parameter 'limit' must be between 1 and 500");
        }
    }
}
