package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.notification.webhook.EventTypePattern;
import org.junit.jupiter.api.Test;

class EventTypePatternTest {

    private static boolean matches(String pattern, String type) {
        return EventTypePattern.parse(pattern).orElseThrow().matches(type);
    }

    @Test
    void starMatchesEveryEvent() {
        assertThat(matches("*", "relaydesk.user.created.v1")).isTrue();
    }

    @Test
    void aggregateWildcardMatchesEveryEventOfThatAggregateOnly() {
        assertThat(matches("ticket.*", "relaydesk.ticket.created.v1")).isTrue();
        assertThat(matches("ticket.*", "relaydesk.ticket.custom-field-set.v2")).isTrue();
        assertThat(matches("ticket.*", "relaydesk.comment.added.v1")).isFalse();
    }

    @Test
    void shortNameMatchesEveryVersion() {
        assertThat(matches("ticket.created", "relaydesk.ticket.created.v1")).isTrue();
        assertThat(matches("ticket.created", "relaydesk.ticket.created.v2")).isTrue();
        assertThat(matches("ticket.created", "relaydesk.ticket.closed.v1")).isFalse();
    }

    @Test
    void fullTypeMatchesExactlyThatVersion() {
        assertThat(matches("relaydesk.ticket.created.v1", "relaydesk.ticket.created.v1"))
                .isTrue();
        assertThat(matches("relaydesk.ticket.created.v1", "relaydesk.ticket.created.v2"))
                .isFalse();
    }

    @Test
    void otherFormsAreRejected() {
        assertThat(EventTypePattern.parse("ticket")).isEmpty();
        assertThat(EventTypePattern.parse("*.created")).isEmpty();
        assertThat(EventTypePattern.parse("Ticket.Created")).isEmpty();
        assertThat(EventTypePattern.parse("relaydesk.ticket.created")).isEmpty();
        assertThat(EventTypePattern.parse("")).isEmpty();
    }
}
