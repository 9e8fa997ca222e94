package dev.relaydesk.notification.inapp;

import java.time.Instant;

/** An in-app notification for one user (the v1 dialect's online notifications read these later). */
public record Notification(
        long id,
        long userId,
        String kind,
        String title,
        String body,
        Long ticketId,
        Long linkId,
        Instant createdAt,
        Instant readAt) {

    public static final String TICKET_ASSIGNED = "ticket-assigned";
    public static final String COMMENT_ADDED = "comment-added";
    public static final String WEBHOOK_DISABLED = "webhook-disabled";
}
