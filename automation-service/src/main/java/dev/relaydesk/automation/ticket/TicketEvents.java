package dev.relaydesk.automation.ticket;

import dev.relaydesk.automation.execution.RuleEngine;
import dev.relaydesk.automation.execution.RuleFiring;
import dev.relaydesk.automation.people.Person;
import dev.relaydesk.automation.people.UserDirectory;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.Rules;
import dev.relaydesk.automation.rule.Trigger;
import dev.relaydesk.automation.schedule.RuleTimers;
import dev.relaydesk.automation.settings.TenantSettingsStore;
import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Consumes ticket-service's {@code ticket.tickets} topic (ticket and comment events): keeps the ticket read model and
 * its timers up to date, works out which triggers the event fired (a field-change trigger fires on whichever event
 * first shows the change, so the {@code updated} event and its specific companion never fire it twice) and has the
 * engine evaluate the rules. Each event is applied once, in the same transaction as everything it causes (one
 * transaction per polled batch).
 */
@Component
public class TicketEvents {

    static final String CONSUMER = "ticket-events";
    private static final Logger log = LoggerFactory.getLogger(TicketEvents.class);

    private static final Map<String, Trigger> FIELD_TRIGGERS = Map.of(
            "statusId", Trigger.STATUS_CHANGED,
            "priorityId", Trigger.PRIORITY_CHANGED,
            "categoryId", Trigger.CATEGORY_CHANGED,
            "assignedToUserId", Trigger.ASSIGNEE_CHANGED,
            "dueDate", Trigger.DUE_DATE_CHANGED);

    private final Inbox inbox;
    private final JsonMapper json;
    private final TicketSnapshots snapshots;
    private final RuleTimers timers;
    private final Rules rules;
    private final TenantSettingsStore settings;
    private final UserDirectory people;
    private final RuleEngine engine;
    private final RuleFiring firing;

    public TicketEvents(
            Inbox inbox,
            JsonMapper json,
            TicketSnapshots snapshots,
            RuleTimers timers,
            Rules rules,
            TenantSettingsStore settings,
            UserDirectory people,
            RuleEngine engine,
            RuleFiring firing) {
        this.inbox = inbox;
        this.json = json;
        this.snapshots = snapshots;
        this.timers = timers;
        this.rules = rules;
        this.settings = settings;
        this.people = people;
        this.engine = engine;
        this.firing = firing;
    }

    enum Kind {
        CREATED,
        UPDATED,
        CLOSED,
        REOPENED,
        ASSIGNED,
        TAGGED,
        CUSTOM_FIELD_SET,
        DELETED,
        MERGED,
        COMMENT_ADDED,
        COMMENT_UPDATED;

        static Optional<Kind> of(String type) {
            String[] parts = type.split("\\.");
            if (parts.length != 4 || !parts[0].equals("relaydesk")) {
                return Optional.empty();
            }
            String name = parts[1] + "." + parts[2];
            return Optional.ofNullable(
                    switch (name) {
                        case "ticket.created" -> CREATED;
                        case "ticket.updated" -> UPDATED;
                        case "ticket.closed" -> CLOSED;
                        case "ticket.reopened" -> REOPENED;
                        case "ticket.assigned" -> ASSIGNED;
                        case "ticket.tagged" -> TAGGED;
                        case "ticket.custom-field-set" -> CUSTOM_FIELD_SET;
                        case "ticket.deleted" -> DELETED;
                        case "ticket.merged" -> MERGED;
                        case "comment.added" -> COMMENT_ADDED;
                        case "comment.updated" -> COMMENT_UPDATED;
                        default -> null;
                    });
        }
    }

    @KafkaListener(
            topics = "ticket.tickets",
            groupId = "automation-service.ticket-events",
            concurrency = "${relaydesk.automation.ticket-event-consumers:1}",
            batch = "true",
            // a batch commits as one transaction: smaller batches keep the first event's wait for its commit short
            properties = "max.poll.records=100")
    void on(List<ConsumerRecord<String, CloudEvent>> records) {
        List<ConsumerRecord<String, CloudEvent>> relevant = records.stream()
                .filter(record -> record.value() == null
                        || (record.value().getData() != null
                                && Kind.of(record.value().getType()).isPresent()))
                .toList();
        // one transaction per polled batch (and tenant), not per event: see Inbox.applyAllOnce
        inbox.applyAllOnce(CONSUMER, relevant, this::applyAll, Duration.ofSeconds(30));
    }

    /**
     * Applies one tenant's fresh events in order, in their transaction: the snapshots they touch are read in one query
     * and written back in one statement at the end, and the enabled rules are looked up once, so a batch costs a few
     * statements plus what the rules fire, not three or more per event.
     */
    private Mono<Void> applyAll(List<CloudEvent> events) {
        List<Incoming> incoming = new ArrayList<>(events.size());
        Set<Long> ticketIds = new LinkedHashSet<>();
        for (CloudEvent event : events) {
            Kind kind = Kind.of(event.getType()).orElseThrow();
            JsonNode data = json.readTree(event.getData().toBytes());
            incoming.add(new Incoming(event, kind, data));
            Long ticketId = longOrNull(data, kind == Kind.MERGED ? "fromTicketId" : "ticketId");
            if (ticketId != null) {
                ticketIds.add(ticketId);
            }
        }
        return snapshots
                .findAll(ticketIds)
                .collectMap(TicketSnapshot::ticketId)
                .zipWith(rules.enabled())
                .flatMap(found -> {
                    Batch batch = new Batch(new HashMap<>(found.getT1()), found.getT2());
                    return Flux.fromIterable(incoming)
                            .concatMap(in -> apply(in, batch))
                            .then(Mono.defer(() -> firing.fireAll(batch.firings)))
                            .then(Mono.defer(() -> snapshots.saveAll(batch.dirty.values())));
                });
    }

    private record Incoming(CloudEvent event, Kind kind, JsonNode data) {}

    /** What a batch's events share: the snapshots as the events so far left them, those to save, the enabled rules. */
    private static final class Batch {
        final Map<Long, TicketSnapshot> current;
        final Map<Long, TicketSnapshot> dirty = new LinkedHashMap<>();
        final List<Rule> enabled;
        /** What the batch's events fire, in event and rule order: fired together once every event is applied. */
        final List<RuleFiring.Firing> firings = new ArrayList<>();

        Batch(Map<Long, TicketSnapshot> current, List<Rule> enabled) {
            this.current = current;
            this.enabled = enabled;
        }
    }

    private Mono<Void> apply(Incoming in, Batch batch) {
        CloudEvent event = in.event();
        Kind kind = in.kind();
        JsonNode data = in.data();
        if (kind == Kind.DELETED || kind == Kind.MERGED) {
            Long gone = longOrNull(data, kind == Kind.MERGED ? "fromTicketId" : "ticketId");
            if (gone != null) {
                batch.current.remove(gone);
                batch.dirty.remove(gone);
            }
            return forget(gone);
        }
        Long ticketId = longOrNull(data, "ticketId");
        if (ticketId == null) {
            log.warn("Ignoring {} event {} without ticketId", event.getType(), event.getId());
            return Mono.empty();
        }
        TicketSnapshot previous = batch.current.get(ticketId);
        TicketSnapshot next = next(ticketId, data, previous, kind);
        if (next == null) {
            return Mono.empty();
        }
        Map<String, FieldChange> diff = previous == null ? null : diff(previous, next);
        Map<String, FieldChange> explicit = kind == Kind.UPDATED ? explicitChanges(data) : Map.of();
        Map<String, FieldChange> changes = new LinkedHashMap<>(explicit);
        if (diff != null) {
            diff.forEach(changes::putIfAbsent);
        }
        Map<String, FieldChange> triggering = diff != null ? diff : explicit;
        batch.current.put(ticketId, next);
        batch.dirty.remove(ticketId);
        batch.dirty.put(ticketId, next);
        return triggers(kind, data, next, triggering).flatMap(triggers -> refreshTimers(next, batch.enabled)
                .then(Mono.fromRunnable(() -> batch.firings.addAll(
                        engine.matching(batch.enabled, triggers, next, changes, event.getId(), causedBy(data))))));
    }

    private Mono<Void> forget(Long ticketId) {
        if (ticketId == null) {
            return Mono.empty();
        }
        return snapshots.delete(ticketId).then(timers.forgetTicket(ticketId));
    }

    private Mono<Void> refreshTimers(TicketSnapshot ticket, List<Rule> enabled) {
        List<Rule> timeRules = enabled.stream()
                .filter(rule -> rule.definition().trigger().type().timeBased())
                .toList();
        return timeRules.isEmpty()
                ? Mono.empty()
                : settings.current().flatMap(s -> timers.refreshTicket(ticket, timeRules, s));
    }

    private Mono<Set<Trigger>> triggers(
            Kind kind, JsonNode data, TicketSnapshot ticket, Map<String, FieldChange> changes) {
        Set<Trigger> triggers = EnumSet.noneOf(Trigger.class);
        switch (kind) {
            case CREATED -> {
                triggers.add(Trigger.TICKET_CREATED);
                return Mono.just(triggers);
            }
            case UPDATED -> triggers.add(Trigger.TICKET_UPDATED);
            case CLOSED -> triggers.add(Trigger.TICKET_CLOSED);
            case REOPENED -> triggers.add(Trigger.TICKET_REOPENED);
            case COMMENT_ADDED -> {
                return replyTriggers(data, ticket);
            }
            case COMMENT_UPDATED -> {
                return Mono.just(triggers);
            }
            default -> {}
        }
        for (String field : changes.keySet()) {
            Trigger trigger = FIELD_TRIGGERS.get(field);
            if (trigger != null) {
                triggers.add(trigger);
            } else if (field.startsWith("customField:")) {
                triggers.add(Trigger.CUSTOM_FIELD_CHANGED);
            }
        }
        return Mono.just(triggers);
    }

    /** A public, non-system reply: from the submitter, or from a technician (by role, or the ticket's assignee). */
    private Mono<Set<Trigger>> replyTriggers(JsonNode data, TicketSnapshot ticket) {
        if (bool(data, "isSystem") || bool(data, "forTechsOnly")) {
            return Mono.just(Set.of());
        }
        Long author = longOrNull(data, "authorUserId");
        Set<Trigger> triggers = EnumSet.of(Trigger.REPLY_ADDED);
        if (author != null && author.equals(ticket.submitterUserId())) {
            triggers.add(Trigger.REPLY_FROM_SUBMITTER);
            return Mono.just(triggers);
        }
        if (author == null) {
            return Mono.just(triggers);
        }
        return people.person(author)
                .map(Person::technician)
                .defaultIfEmpty(false)
                .map(technician -> {
                    if (technician || author.equals(ticket.assignedToUserId())) {
                        triggers.add(Trigger.REPLY_FROM_TECHNICIAN);
                    }
                    return triggers;
                });
    }

    /** The snapshot after the event: the event's ticket, plus what only the events and the previous state know. */
    static TicketSnapshot next(long ticketId, JsonNode data, TicketSnapshot previous, Kind kind) {
        JsonNode t = data.get("ticket");
        if (!present(t) || !t.isObject()) {
            return previous;
        }
        String body = previous == null ? null : previous.body();
        if (present(t.get("body"))) {
            body = t.get("body").asString();
        }
        if (kind == Kind.CREATED && present(data.get("body"))) {
            body = data.get("body").asString();
        }
        if (kind == Kind.UPDATED) {
            FieldChange bodyChange = explicitChanges(data).get("body");
            if (bodyChange != null) {
                body = bodyChange.newValue();
            }
        }
        boolean closed = previous != null && previous.closed();
        if (present(t.get("closed"))) {
            closed = t.get("closed").asBoolean();
        }
        if (kind == Kind.CLOSED) {
            closed = true;
        } else if (kind == Kind.REOPENED) {
            closed = false;
        }
        boolean onHold = present(t.get("onHold")) ? t.get("onHold").asBoolean() : previous != null && previous.onHold();
        String latestReply = previous == null ? null : previous.latestReply();
        Instant latestReplyAt = previous == null ? null : previous.latestReplyAt();
        Long latestReplyUser = previous == null ? null : previous.latestReplyUserId();
        if (kind == Kind.COMMENT_ADDED && !bool(data, "isSystem") && !bool(data, "forTechsOnly")) {
            latestReply = present(data.get("body")) ? data.get("body").asString() : "";
            latestReplyAt = instantOrNull(data, "occurredAt");
            latestReplyUser = longOrNull(data, "authorUserId");
        }
        List<String> tags = new ArrayList<>();
        JsonNode tagNode = t.get("tags");
        if (present(tagNode) && tagNode.isArray()) {
            tagNode.forEach(tag -> tags.add(tag.asString()));
        }
        Map<String, String> customFields = new HashMap<>();
        JsonNode fields = t.get("customFields");
        if (present(fields) && fields.isObject()) {
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                if (present(field.getValue())) {
                    customFields.put(field.getKey(), field.getValue().asString());
                }
            }
        }
        Long id = longOrNull(t, "ticketId");
        return new TicketSnapshot(
                id == null ? ticketId : id,
                textOrNull(t, "subject"),
                body,
                longOrNull(t, "categoryId"),
                longOrNull(t, "statusId"),
                longOrNull(t, "priorityId"),
                textOrNull(t, "origin"),
                longOrNull(t, "submitterUserId"),
                longOrNull(t, "assignedToUserId"),
                longOrNull(t, "companyId"),
                longOrNull(t, "departmentId"),
                tags,
                instantOrNull(t, "dueDate"),
                customFields,
                instantOrNull(t, "createdAt"),
                instantOrNull(t, "updatedAt"),
                instantOrNull(t, "resolvedAt"),
                onHold,
                closed,
                latestReply,
                latestReplyAt,
                latestReplyUser);
    }

    static Map<String, FieldChange> diff(TicketSnapshot before, TicketSnapshot after) {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        put(changes, "subject", before.subject(), after.subject());
        put(changes, "categoryId", before.categoryId(), after.categoryId());
        put(changes, "statusId", before.statusId(), after.statusId());
        put(changes, "priorityId", before.priorityId(), after.priorityId());
        put(changes, "assignedToUserId", before.assignedToUserId(), after.assignedToUserId());
        put(changes, "submitterUserId", before.submitterUserId(), after.submitterUserId());
        put(changes, "companyId", before.companyId(), after.companyId());
        put(changes, "origin", before.origin(), after.origin());
        put(changes, "dueDate", before.dueDate(), after.dueDate());
        if (!new LinkedHashSet<>(before.tags()).equals(new LinkedHashSet<>(after.tags()))) {
            changes.put(
                    "tags", new FieldChange("tags", String.join(",", before.tags()), String.join(",", after.tags())));
        }
        Set<String> fieldIds = new LinkedHashSet<>(before.customFields().keySet());
        fieldIds.addAll(after.customFields().keySet());
        for (String fieldId : fieldIds) {
            put(
                    changes,
                    "customField:" + fieldId,
                    before.customFields().get(fieldId),
                    after.customFields().get(fieldId));
        }
        return changes;
    }

    private static void put(Map<String, FieldChange> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(
                    field,
                    new FieldChange(
                            field, before == null ? null : before.toString(), after == null ? null : after.toString()));
        }
    }

    /** A ticket as the dry-run API receives it: ticket-service's snapshot shape, plus optional {@code body}. */
    public static TicketSnapshot fromJson(JsonNode ticket) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("ticket", ticket);
        return next(0L, data, null, Kind.UPDATED);
    }

    /** The {@code changes} of an {@code updated} event (or a dry run's request), by field. */
    public static Map<String, FieldChange> explicitChanges(JsonNode data) {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        JsonNode list = data.get("changes");
        if (present(list) && list.isArray()) {
            for (JsonNode change : list) {
                String field = textOrNull(change, "field");
                if (field != null) {
                    changes.put(
                            field,
                            new FieldChange(field, textOrNull(change, "oldValue"), textOrNull(change, "newValue")));
                }
            }
        }
        return changes;
    }

    private static RuleEngine.CausedBy causedBy(JsonNode data) {
        JsonNode c = data.get("causedBy");
        if (!present(c) || !c.isObject()) {
            return null;
        }
        Long depth = longOrNull(c, "depth");
        return new RuleEngine.CausedBy(
                longOrNull(c, "ruleId"), depth == null ? 1 : depth.intValue(), textOrNull(c, "originEventId"));
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return present(value) && value.asBoolean();
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return present(value) && !value.isContainer() ? value.asString() : null;
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        if (value.isNumber()) {
            return value.longValue();
        }
        try {
            return Long.parseLong(value.asString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instantOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal seconds = value.decimalValue();
            return Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        }
        try {
            return Instant.parse(value.asString().trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
