package dev.relaydesk.platform.outbox;

import java.util.Objects;

/**
 * An event a service publishes: the topic ({@code <service>.<aggregate>}), the aggregate it belongs to (which keys the
 * Kafka record as {@code tenant:aggregateId}, so one aggregate's events stay in order), the public CloudEvents type
 * (such as {@code relaydesk.user.created.v1}) and the data, a record the publishing service owns.
 */
public record OutgoingEvent(String topic, String aggregateId, String type, Object data) {

    public OutgoingEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static OutgoingEvent of(String topic, Object aggregateId, String type, Object data) {
        return new OutgoingEvent(topic, String.valueOf(aggregateId), type, data);
    }
}
