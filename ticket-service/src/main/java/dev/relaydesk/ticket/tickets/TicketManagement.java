package dev.relaydesk.ticket.tickets;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.category.Categories;
import dev.relaydesk.ticket.customfield.TicketField;
import dev.relaydesk.ticket.customfield.TicketFields;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketAssigned;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketClosed;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketCreated;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketCustomFieldSet;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketReopened;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketTagged;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketUpdated;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creating and changing tickets. Every change runs in one transaction that writes the ticket, an audit row per changed
 * field (who, when, field, old, new) and the events of the ticket-events contract: one {@code updated} with every
 * change plus the specific event where one exists (closed, reopened, assigned, tagged, custom-field-set).
 */
@Service
public class TicketManagement {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TicketManagement.class);

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Categories categories;
    private final TicketFields fields;
    private final Statuses statuses;
    private final TicketAudit audit;

    public TicketManagement(
            DatabaseClient db,
            Outbox outbox,
            TransactionalOperator tx,
            Categories categories,
            TicketFields fields,
            Statuses statuses,
            TicketAudit audit) {
        this.db = db;
        this.audit = audit;
        this.outbox = outbox;
        this.tx = tx;
        this.categories = categories;
        this.fields = fields;
        this.statuses = statuses;
    }

    /** Creates a ticket; its id. */
    public Mono<Long> create(Caller caller, NewTicket request) {
        boolean onBehalf = request.onBehalfUserId() != null && request.onBehalfUserId() != caller.userId();
        if (onBehalf && !caller.isTechnician()) {
            return Mono.error(ApiException.forbidden(
                    "Creating a ticket on behalf of another user requires technician permissions"));
        }
        if (request.assigneeId() != null && request.assigneeId() != 0 && !caller.isTechnician()) {
            return Mono.error(ApiException.forbidden("Assigning a ticket requires technician permissions"));
        }
        long submitter = onBehalf ? request.onBehalfUserId() : caller.userId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return tx.transactional(categories
                .forTickets(caller, request.categoryId(), "categoryId")
                .then(onBehalf ? requireUser(submitter).then() : Mono.empty())
                .then(
                        request.assigneeId() == null || request.assigneeId() == 0
                                ? Mono.empty()
                                : requireTechnician(request.assigneeId(), "assignedToUserId"))
                .then(fields.all().collectList())
                .flatMap(all -> {
                    Map<Long, String> values = customValues(caller, all, request.categoryId(), request.customFields());
                    for (TicketField f : all) {
                        if (f.mandatory()
                                && f.appliesTo(request.categoryId())
                                && !values.containsKey(f.id())
                                && (caller.isTechnician() || !f.forTechsOnly())) {
                            throw ApiException.badParameter(
                                    "customFields", "must set the mandatory field " + f.id() + " (" + f.name() + ")");
                        }
                    }
                    return userOrg(submitter).flatMap(org -> {
                        TicketState t = new TicketState();
                        t.subject = request.subject();
                        t.body = request.body() == null ? "" : request.body();
                        t.categoryId = request.categoryId();
                        t.statusId = Status.NEW;
                        t.priority = request.priority() == null ? 0 : request.priority();
                        t.origin = request.origin() == null ? Origin.API.ordinal() : request.origin();
                        t.submitterId = submitter;
                        t.createdBy = caller.userId();
                        t.assigneeId =
                                request.assigneeId() == null || request.assigneeId() == 0 ? null : request.assigneeId();
                        t.companyId = org[0];
                        t.departmentId = org[1];
                        t.createdAt = now;
                        t.updatedAt = now;
                        t.startDate = t.assigneeId == null ? null : now;
                        t.lastUpdatedBy = caller.userId();
                        t.customFields.putAll(values);
                        return insert(t)
                                .flatMap(id -> {
                                    t.id = id;
                                    return resolveTags(request.tags());
                                })
                                .flatMap(tags -> {
                                    t.tags = new ArrayList<>(tags);
                                    return writeTags(t.id, tags)
                                            .then(writeCustomValues(t.id, Map.of(), t.customFields))
                                            .then(subscribe(t.id, submitter))
                                            .then(t.assigneeId == null ? Mono.empty() : subscribe(t.id, t.assigneeId))
                                            .then(audit(
                                                    t.id,
                                                    caller.userId(),
                                                    List.of(new TicketChange("ticket", null, "created"))))
                                            .then(outbox.append(OutgoingEvent.of(
                                                    TicketEvents.TOPIC,
                                                    t.id,
                                                    TicketCreated.TYPE,
                                                    new TicketCreated(
                                                            t.id,
                                                            caller.userId(),
                                                            now,
                                                            t.snapshot(),
                                                            null,
                                                            t.body,
                                                            request.suppressConfirmation()))))
                                            .thenReturn(t.id);
                                });
                    });
                }));
    }

    /** {@code UpdateTicket}: changes any of the ticket's fields at once. */
    public Mono<Void> update(Caller caller, long id, TicketEdit edit) {
        if (!caller.isTechnician()) {
            for (var restricted : List.of(
                    new Object[] {edit.assigneeId(), "assignedUserId"},
                    new Object[] {edit.submitterId(), "userId"},
                    new Object[] {edit.date(), "date"},
                    new Object[] {edit.timeSpentInSeconds(), "timeSpentInSeconds"})) {
                if (restricted[0] != null) {
                    return Mono.error(
                            ApiException.forbidden("Changing '" + restricted[1] + "' requires technician permissions"));
                }
            }
        }
        return change(caller, id, false, (before, t) -> {
            Mono<Void> checks = Mono.empty();
            if (edit.categoryId() != null) {
                checks = checks.then(categories
                        .forTickets(caller, edit.categoryId(), "categoryId")
                        .then());
                t.categoryId = edit.categoryId();
            }
            if (edit.statusId() != null) {
                checks = checks.then(
                        statuses.require(edit.statusId(), "statusId").then());
                t.statusId = edit.statusId();
            }
            if (edit.priority() != null) {
                t.priority = edit.priority();
            }
            if (edit.date() != null) {
                t.createdAt = edit.date();
            }
            if (edit.clearDueDate()) {
                t.dueDate = null;
            } else if (edit.dueDate() != null) {
                t.dueDate = edit.dueDate();
            }
            if (edit.timeSpentInSeconds() != null) {
                t.timeSpent = edit.timeSpentInSeconds();
            }
            if (edit.subject() != null) {
                t.subject = edit.subject();
            }
            if (edit.body() != null) {
                t.body = edit.body();
            }
            if (edit.assigneeId() != null) {
                if (edit.assigneeId() == 0) {
                    t.assigneeId = null;
                } else {
                    checks = checks.then(requireTechnician(edit.assigneeId(), "assignedUserId"));
                    t.assigneeId = edit.assigneeId();
                }
            }
            if (edit.closeDate() != null) {
                t.statusId = Status.CLOSED;
            }
            Mono<Void> submitter = Mono.empty();
            if (edit.submitterId() != null && edit.submitterId() != before.submitterId) {
                submitter = requireUser(edit.submitterId())
                        .then(userOrg(edit.submitterId()))
                        .doOnNext(org -> {
                            t.submitterId = edit.submitterId();
                            t.companyId = org[0];
                            t.departmentId = org[1];
                        })
                        .then();
            }
            Mono<Void> tags = edit.tags() == null
                    ? Mono.empty()
                    : resolveTags(edit.tags())
                            .doOnNext(list -> t.tags = new ArrayList<>(list))
                            .then();
            return checks.then(submitter).then(tags).then(Mono.fromRunnable(() -> {
                if (edit.closeDate() != null) {
                    t.resolvedAt = edit.closeDate();
                }
            }));
        });
    }

    /** {@code Close}: sets the status to Closed. */
    public Mono<Void> close(Caller caller, long id, boolean suppressNotification) {
        return change(caller, id, suppressNotification, (before, t) -> {
            t.statusId = Status.CLOSED;
            return Mono.empty();
        });
    }

    /** {@code SetCustomField} / {@code SetCustomFields}: an empty or null value clears the field. */
    public Mono<Void> setCustomFields(Caller caller, long id, Map<Long, String> values, boolean single) {
        return change(caller, id, false, (before, t) -> fields.all()
                .collectList()
                .doOnNext(all -> {
                    for (var entry : values.entrySet()) {
                        String parameter = single ? "value" : "cf" + entry.getKey();
                        TicketField field = all.stream()
                                .filter(f -> f.id() == entry.getKey())
                                .findFirst()
                                .filter(f -> caller.isTechnician() || !f.forTechsOnly())
                                .orElseThrow(() -> ApiException.notFound("Custom field", entry.getKey()));
                        if (entry.getValue() == null || entry.getValue().isEmpty()) {
                            t.customFields.remove(field.id());
                        } else {
                            t.customFields.put(field.id(), TicketFields.normalize(field, entry.getValue(), parameter));
                        }
                    }
                })
                .then());
    }

    /** {@code TagTicket}: adds one tag (new or existing). */
    public Mono<Void> tag(Caller caller, long id, String name) {
        return change(caller, id, false, (before, t) -> resolveTags(List.of(name))
                .doOnNext(tags -> {
                    if (t.tags.stream().noneMatch(existing -> existing.equalsIgnoreCase(tags.getFirst()))) {
                        t.tags.add(tags.getFirst());
                    }
                })
                .then());
    }

    /**
     * Loads the ticket the caller may see (404 otherwise) under a row lock, lets {@code edit} change a copy, and writes
     * what changed with its audit rows and events.
     */
    private Mono<Void> change(
            Caller caller,
            long id,
            boolean suppressNotification,
            BiFunction<TicketState, TicketState, Mono<Void>> edit) {
        return tx.transactional(change(Actor.of(caller), id, suppressNotification, edit));
    }

    /** As {@link #change(Caller, long, boolean, BiFunction)}, inside the current transaction. */
    private Mono<Void> change(
            Actor actor, long id, boolean suppressNotification, BiFunction<TicketState, TicketState, Mono<Void>> edit) {
        return load(actor, id).flatMap(before -> {
            TicketState after = before.copy();
            return edit.apply(before, after).then(Mono.defer(() -> {
                if (before.statusId != Status.CLOSED && after.statusId == Status.CLOSED && after.resolvedAt == null) {
                    after.resolvedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                } else if (after.statusId != Status.CLOSED) {
                    after.resolvedAt = null;
                }
                List<TicketChange> changes = after.changesSince(before);
                if (changes.isEmpty()) {
                    return Mono.<Void>empty();
                }
                if (actor.userId() != null) {
                    after.lastUpdatedBy = actor.userId();
                    boolean byPerformer = actor.technician() && actor.userId() != after.submitterId;
                    after.updatedByPerformer = byPerformer;
                    after.updatedByUser = !byPerformer;
                    after.updatedForTechView = !byPerformer;
                }
                return record(actor.userId(), before, after, suppressNotification, actor.rule())
                        .then();
            }));
        });
    }

    /**
     * Writes {@code after} (edited from {@code before}, both from {@link #lockVisible}/{@link #lockAny}) inside the
     * current transaction: the ticket, its tags and custom values, an audit row per changed field, the new assignee
     * as a subscriber, and the {@code updated} event plus the specific ones. Returns the state written.
     */
    Mono<TicketState> record(
            Long actorUserId, TicketState before, TicketState after, boolean suppressNotification, AppliedRule rule) {
        List<TicketChange> changes = after.changesSince(before);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        after.updatedAt = now;
        if (after.startDate == null && (after.assigneeId != null || after.statusId == Status.IN_PROCESS)) {
            after.startDate = now;
        }
        return save(after)
                .then(before.tags.equals(after.tags) ? Mono.empty() : writeTags(after.id, after.tags))
                .then(writeCustomValues(after.id, before.customFields, after.customFields))
                .then(
                        after.assigneeId == null || after.assigneeId.equals(before.assigneeId)
                                ? Mono.empty()
                                : subscribe(after.id, after.assigneeId))
                .then(
                        changes.isEmpty()
                                ? Mono.<Void>empty()
                                : audit(after.id, actorUserId, changes, rule)
                                        .then(publish(
                                                actorUserId,
                                                before,
                                                after,
                                                changes,
                                                now,
                                                suppressNotification,
                                                rule == null ? null : rule.causedBy())))
                .thenReturn(after);
    }

    /** The ticket the caller may see, with tags and custom values, locked in the current transaction; 404 otherwise. */
    Mono<TicketState> lockVisible(Caller caller, long id) {
        return load(Actor.of(caller), id);
    }

    /** Any ticket of the current tenant, locked in the current transaction (system changes); 404 when absent. */
    Mono<TicketState> lockAny(long id) {
        return load(Actor.SYSTEM, id);
    }

    /** Subscribes the user to the ticket (no-op when subscribed). */
    Mono<Void> subscribe(long ticketId, long userId) {
        return db.sql("insert into ticket_subscribers (ticket_id, user_id) values (:t, :u) on conflict do nothing")
                .bind("t", ticketId)
                .bind("u", userId)
                .then();
    }

    /** The tags' stored spellings, created when new. */
    Mono<List<String>> tagNames(List<String> names) {
        return resolveTags(names);
    }

    /** An audit row per change of the ticket. */
    Mono<Void> auditChanges(long ticketId, Long userId, List<TicketChange> changes) {
        return audit(ticketId, userId, changes, null);
    }

    /**
     * Moves every ticket of a merged-away user (as submitter and as assignee) to the kept user, as a system change with
     * audit rows and events; inside the consumer's transaction.
     */
    public Mono<Void> moveUsersTickets(long fromUserId, long intoUserId) {
        Actor system = Actor.SYSTEM;
        return db.sql("select id from tickets where submitter_id = :from or assignee_id = :from order by id")
                .bind("from", fromUserId)
                .map(row -> row.get(0, Long.class))
                .all()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(id -> change(system, id, false, (before, t) -> {
                    if (t.assigneeId != null && t.assigneeId == fromUserId) {
                        t.assigneeId = intoUserId;
                    }
                    if (t.submitterId != fromUserId) {
                        return Mono.empty();
                    }
                    t.submitterId = intoUserId;
                    return userOrg(intoUserId)
                            .doOnNext(org -> {
                                t.companyId = org[0];
                                t.departmentId = org[1];
                            })
                            .then();
                }))
                .then();
    }

    /**
     * Applies an automation command's ticket actions (all but comments) as the system, inside the current (inbox)
     * transaction: audit rows name the rule, events carry {@code causedBy}. An action whose value is no longer valid
     * (an unknown status, a deleted technician) is skipped with a warning; the others still apply.
     */
    Mono<Void> applyAutomation(AutomationCommand command, AppliedRule rule) {
        Actor system = new Actor(null, false, "(t.id is not null)", rule);
        return change(system, command.ticketId(), false, (before, t) -> Flux.fromIterable(command.actions())
                .concatMap(action -> automationAction(action, t).onErrorResume(ApiException.class, e -> {
                    log.warn(
                            "Rule {} skipped action {} on ticket {}: {}",
                            rule.ruleId(),
                            action.type(),
                            command.ticketId(),
                            e.getMessage());
                    return Mono.empty();
                }))
                .then());
    }

    private Mono<Void> automationAction(AutomationCommand.Action a, TicketState t) {
        String type = a.type() == null ? "" : a.type();
        return switch (type) {
            case "set-status" ->
                statuses.require(required(a.statusId(), "statusId"), "statusId")
                        .doOnNext(id -> t.statusId = id)
                        .then();
            case "close" -> Mono.fromRunnable(() -> t.statusId = Status.CLOSED);
            case "set-priority" ->
                Mono.fromRunnable(() -> {
                    if (!Priority.isValid(required(a.priorityId(), "priorityId"))) {
                        throw ApiException.badParameter("priorityId", "must be -1, 0, 1 or 2");
                    }
                    t.priority = a.priorityId();
                });
            case "set-category" ->
                db.sql("select id from categories where id = :id and not deleted and not kb_only")
                        .bind("id", required(a.categoryId(), "categoryId"))
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", a.categoryId())))
                        .doOnNext(id -> t.categoryId = id)
                        .then();
            case "assign" ->
                a.userId() == null || a.userId() == 0
                        ? Mono.fromRunnable(() -> t.assigneeId = null)
                        : requireTechnician(a.userId(), "userId")
                                .then(Mono.fromRunnable(() -> t.assigneeId = a.userId()));
            case "set-due-date" ->
                Mono.fromRunnable(() -> {
                    try {
                        t.dueDate = a.dueDate() == null || a.dueDate().isBlank() ? null : Instant.parse(a.dueDate());
                    } catch (java.time.format.DateTimeParseException e) {
                        throw ApiException.badParameter("dueDate", "must be an ISO instant");
                    }
                });
            case "set-custom-field" ->
                fields.all()
                        .filter(f -> f.id() == required(a.fieldId(), "fieldId"))
                        .next()
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Custom field", a.fieldId())))
                        .doOnNext(f -> {
                            if (a.value() == null || a.value().isEmpty()) {
                                t.customFields.remove(f.id());
                            } else {
                                t.customFields.put(f.id(), TicketFields.normalize(f, a.value(), "value"));
                            }
                        })
                        .then();
            case "add-tags" ->
                resolveTags(a.tags() == null ? List.of() : a.tags())
                        .doOnNext(tags -> {
                            for (String tag : tags) {
                                if (t.tags.stream().noneMatch(x -> x.equalsIgnoreCase(tag))) {
                                    t.tags.add(tag);
                                }
                            }
                            t.tags.sort(String.CASE_INSENSITIVE_ORDER);
                        })
                        .then();
            case "remove-tags" ->
                Mono.fromRunnable(() -> {
                    List<String> remove = a.tags() == null ? List.of() : a.tags();
                    t.tags.removeIf(x -> remove.stream().anyMatch(r -> r.equalsIgnoreCase(x)));
                });
            case "add-comment" -> Mono.empty();
            default -> Mono.error(ApiException.badParameter("type", "is not a known action: " + type));
        };
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw ApiException.missingParameter(name);
        }
        return value;
    }

    /** Who makes a change: a caller (with what they may see) or the system (null user, every ticket). */
    private record Actor(Long userId, boolean technician, String visibility, AppliedRule rule) {

        static final Actor SYSTEM = new Actor(null, false, "(t.id is not null)", null);

        static Actor of(Caller caller) {
            return new Actor(caller.userId(), caller.isTechnician(), Visibility.predicate(caller), null);
        }
    }

    private Mono<Void> publish(
            Long actor,
            TicketState before,
            TicketState after,
            List<TicketChange> changes,
            Instant now,
            boolean suppressNotification,
            TicketEvents.CausedBy cause) {
        TicketSnapshot snapshot = after.snapshot();
        List<Object> events = new ArrayList<>();
        events.add(new TicketUpdated(after.id, actor, now, snapshot, cause, changes));
        if (before.statusId != Status.CLOSED && after.statusId == Status.CLOSED) {
            events.add(new TicketClosed(after.id, actor, now, snapshot, cause, suppressNotification));
        } else if (before.statusId == Status.CLOSED && after.statusId != Status.CLOSED) {
            events.add(new TicketReopened(after.id, actor, now, snapshot, cause));
        }
        if (!Objects.equals(before.assigneeId, after.assigneeId)) {
            events.add(new TicketAssigned(after.id, actor, now, snapshot, cause, before.assigneeId, after.assigneeId));
        }
        if (!before.tags.equals(after.tags)) {
            events.add(new TicketTagged(after.id, actor, now, snapshot, cause, List.copyOf(after.tags)));
        }
        for (TicketChange change : changes) {
            if (change.field().startsWith("customField:")) {
                long fieldId = Long.parseLong(change.field().substring("customField:".length()));
                events.add(new TicketCustomFieldSet(after.id, actor, now, snapshot, cause, fieldId, change.newValue()));
            }
        }
        return Flux.fromIterable(events)
                .concatMap(event -> outbox.append(OutgoingEvent.of(TicketEvents.TOPIC, after.id, typeOf(event), event)))
                .then();
    }

    private static String typeOf(Object event) {
        return switch (event) {
            case TicketUpdated e -> TicketUpdated.TYPE;
            case TicketClosed e -> TicketClosed.TYPE;
            case TicketReopened e -> TicketReopened.TYPE;
            case TicketAssigned e -> TicketAssigned.TYPE;
            case TicketTagged e -> TicketTagged.TYPE;
            case TicketCustomFieldSet e -> TicketCustomFieldSet.TYPE;
            default -> throw new IllegalArgumentException("not a ticket event: " + event);
        };
    }

    /** The ticket with its tags and custom values, locked, if the caller may see it; 404 otherwise. */
    /**
     * The ticket, locked for the change, with its tags, custom values and the tenant's on-hold statuses: one query (it
     * was four, and every ticket change starts here).
     */
    private Mono<TicketState> load(Actor actor, long id) {
        GenericExecuteSpec select = db.sql(
                        """
                        select t.*,
                               array(select g.name from ticket_tags tt join tags g on g.id = tt.tag_id
                                      where tt.ticket_id = t.id order by lower(g.name)) as tag_names,
                               array(select v.field_id from ticket_custom_values v
                                      where v.ticket_id = t.id order by v.field_id) as custom_field_ids,
                               array(select v.value from ticket_custom_values v
                                      where v.ticket_id = t.id order by v.field_id) as custom_field_values,
                               array(select s.id from statuses s where lower(s.name) = 'on hold') as on_hold_ids
                          from tickets t where t.id = :id and """
                                + actor.visibility() + " for update of t")
                .bind("id", id);
        if (actor.visibility().contains(":me")) {
            select = select.bind("me", actor.userId());
        }
        return select.map(row -> {
                    TicketState t = TicketState.from(row);
                    String[] tags = row.get("tag_names", String[].class);
                    t.tags = tags == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(tags));
                    t.tags.sort(String.CASE_INSENSITIVE_ORDER);
                    Long[] fieldIds = row.get("custom_field_ids", Long[].class);
                    String[] values = row.get("custom_field_values", String[].class);
                    if (fieldIds != null && values != null) {
                        for (int i = 0; i < fieldIds.length && i < values.length; i++) {
                            t.customFields.put(fieldIds[i], values[i]);
                        }
                    }
                    Long[] onHold = row.get("on_hold_ids", Long[].class);
                    t.onHoldStatusIds = onHold == null ? Set.of() : Set.copyOf(Arrays.asList(onHold));
                    return t;
                })
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", id)));
    }

    private Map<Long, String> customValues(
            Caller caller, List<TicketField> all, long categoryId, Map<Long, String> requested) {
        Map<Long, String> values = new java.util.TreeMap<>();
        requested.forEach((fieldId, value) -> {
            TicketField field = all.stream()
                    .filter(f -> f.id() == fieldId && f.appliesTo(categoryId))
                    .filter(f -> caller.isTechnician() || !f.forTechsOnly())
                    .findFirst()
                    .orElseThrow(() -> ApiException.badParameter(
                            "customFields", "names field " + fieldId + ", which this category does not have"));
            if (value != null && !value.isEmpty()) {
                values.put(fieldId, TicketFields.normalize(field, value, "customFields"));
            }
        });
        return values;
    }

    private Mono<Long> insert(TicketState t) {
        GenericExecuteSpec spec = db.sql(
                        """
                        insert into tickets (subject, body, category_id, status_id, priority, origin, submitter_id,
                                             created_by, assignee_id, company_id, department_id, created_at, updated_at,
                                             start_date, last_updated_by)
                        values (:subject, :body, :category, :status, :priority, :origin, :submitter, :createdBy,
                                :assignee, :company, :department, :created, :updated, :start, :lastBy)
                        returning id
                        """)
                .bind("subject", t.subject)
                .bind("body", t.body)
                .bind("category", t.categoryId)
                .bind("status", t.statusId)
                .bind("priority", t.priority)
                .bind("origin", t.origin)
                .bind("submitter", t.submitterId)
                .bind("createdBy", t.createdBy)
                .bind("created", t.createdAt)
                .bind("updated", t.updatedAt)
                .bind("lastBy", t.lastUpdatedBy);
        spec = nullable(spec, "assignee", t.assigneeId, Long.class);
        spec = nullable(spec, "company", t.companyId, Long.class);
        spec = nullable(spec, "department", t.departmentId, Long.class);
        spec = nullable(spec, "start", t.startDate, Instant.class);
        return spec.map(row -> row.get(0, Long.class)).one();
    }

    private Mono<Void> save(TicketState t) {
        GenericExecuteSpec spec = db.sql(
                        """
                        update tickets set subject = :subject, body = :body, category_id = :category,
                               status_id = :status, priority = :priority, submitter_id = :submitter,
                               assignee_id = :assignee, company_id = :company, department_id = :department,
                               created_at = :created, updated_at = :updated, start_date = :start,
                               resolved_at = :resolved, due_date = :due, time_spent = :spent,
                               updated_by_user = :byUser, updated_by_performer = :byPerformer,
                               updated_for_tech_view = :forTech, last_updated_by = :lastBy
                         where id = :id
                        """)
                .bind("id", t.id)
                .bind("subject", t.subject)
                .bind("body", t.body)
                .bind("category", t.categoryId)
                .bind("status", t.statusId)
                .bind("priority", t.priority)
                .bind("submitter", t.submitterId)
                .bind("created", t.createdAt)
                .bind("updated", t.updatedAt)
                .bind("spent", t.timeSpent)
                .bind("byUser", t.updatedByUser)
                .bind("byPerformer", t.updatedByPerformer)
                .bind("forTech", t.updatedForTechView)
                .bind("lastBy", t.lastUpdatedBy);
        spec = nullable(spec, "assignee", t.assigneeId, Long.class);
        spec = nullable(spec, "company", t.companyId, Long.class);
        spec = nullable(spec, "department", t.departmentId, Long.class);
        spec = nullable(spec, "start", t.startDate, Instant.class);
        spec = nullable(spec, "resolved", t.resolvedAt, Instant.class);
        spec = nullable(spec, "due", t.dueDate, Instant.class);
        return spec.then();
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    /** Each tag's stored spelling (created when new), without duplicates, in the given order. */
    private Mono<List<String>> resolveTags(List<String> names) {
        return Flux.fromIterable(names)
                .concatMap(name -> db.sql(
                                """
                                with inserted as (
                                  insert into tags (name) values (:name)
                                  on conflict (tenant_id, lower(name)) do nothing returning name)
                                select name from inserted
                                union all
                                select name from tags where lower(name) = lower(:name)
                                limit 1
                                """)
                        .bind("name", name)
                        .map(row -> row.get(0, String.class))
                        .one())
                .collectList()
                .map(list -> {
                    List<String> distinct = new ArrayList<>();
                    for (String tag : list) {
                        if (distinct.stream().noneMatch(d -> d.equalsIgnoreCase(tag))) {
                            distinct.add(tag);
                        }
                    }
                    distinct.sort(String.CASE_INSENSITIVE_ORDER);
                    return distinct;
                });
    }

    private Mono<Void> writeTags(long ticketId, List<String> tags) {
        return db.sql("delete from ticket_tags where ticket_id = :id")
                .bind("id", ticketId)
                .then()
                .thenMany(Flux.fromIterable(tags))
                .concatMap(tag -> db.sql(
                                """
                                insert into ticket_tags (ticket_id, tag_id)
                                select :id, id from tags where lower(name) = lower(:name)
                                """)
                        .bind("id", ticketId)
                        .bind("name", tag)
                        .then())
                .then();
    }

    private Mono<Void> writeCustomValues(long ticketId, Map<Long, String> before, Map<Long, String> after) {
        List<Mono<Void>> writes = new ArrayList<>();
        before.keySet().stream()
                .filter(k -> !after.containsKey(k))
                .forEach(k ->
                        writes.add(db.sql("delete from ticket_custom_values where ticket_id = :t and field_id = :f")
                                .bind("t", ticketId)
                                .bind("f", k)
                                .then()));
        after.forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                writes.add(db.sql(
                                """
                                insert into ticket_custom_values (ticket_id, field_id, value) values (:t, :f, :v)
                                on conflict (tenant_id, ticket_id, field_id) do update set value = excluded.value
                                """)
                        .bind("t", ticketId)
                        .bind("f", k)
                        .bind("v", v)
                        .then());
            }
        });
        return Flux.concat(writes).then();
    }

    private Mono<Void> audit(long ticketId, Long userId, List<TicketChange> changes) {
        return audit(ticketId, userId, changes, null);
    }

    private Mono<Void> audit(long ticketId, Long userId, List<TicketChange> changes, AppliedRule rule) {
        return audit.record(ticketId, userId, changes, rule);
    }

    private Mono<Void> requireUser(long userId) {
        return db.sql("select user_id from user_view where user_id = :id and not deleted")
                .bind("id", userId)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                .then();
    }

    private Mono<Void> requireTechnician(long userId, String parameter) {
        return db.sql("select is_admin or is_tech from user_view where user_id = :id and not deleted")
                .bind("id", userId)
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                .flatMap(tech -> tech
                        ? Mono.<Void>empty()
                        : Mono.error(ApiException.badParameter(parameter, "must be a technician's user id")));
    }

    /** The user's company and department ids (nulls when unknown). */
    private Mono<Long[]> userOrg(long userId) {
        return db.sql("select company_id, department_id from user_view where user_id = :id")
                .bind("id", userId)
                .map(row -> new Long[] {row.get("company_id", Long.class), row.get("department_id", Long.class)})
                .one()
                .defaultIfEmpty(new Long[] {null, null});
    }
}
