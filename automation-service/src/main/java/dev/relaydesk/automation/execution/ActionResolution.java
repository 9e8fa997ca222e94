package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.AutomationProperties;
import dev.relaydesk.automation.people.Person;
import dev.relaydesk.automation.people.UserDirectory;
import dev.relaydesk.automation.rule.ActionType;
import dev.relaydesk.automation.rule.RuleAction;
import dev.relaydesk.automation.settings.TenantSettingsStore;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a rule's actions into the actions of the commands for one ticket: placeholders substituted, round-robin and
 * least-loaded assignment resolved to a technician of the ticket's category, relative due dates made absolute. Runs
 * inside the tenant transaction of the firing (round-robin moves its cursor there).
 */
@Component
public class ActionResolution {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final Map<Long, String> PRIORITY_NAMES =
            Map.of(-1L, "Low", 0L, "Normal", 1L, "High", 2L, "Critical");

    private static final Set<ActionType> TEMPLATED = EnumSet.of(
            ActionType.SET_CUSTOM_FIELD, ActionType.ADD_COMMENT, ActionType.SEND_EMAIL, ActionType.CALL_WEBHOOK);

    private final DatabaseClient db;
    private final UserDirectory people;
    private final TenantSettingsStore settings;
    private final AutomationProperties properties;

    public ActionResolution(
            DatabaseClient db, UserDirectory people, TenantSettingsStore settings, AutomationProperties properties) {
        this.db = db;
        this.people = people;
        this.settings = settings;
        this.properties = properties;
    }

    /** Resolved actions, in the rule's order. */
    public record Resolved(
            List<Map<String, Object>> ticketActions,
            List<Map<String, Object>> notifications,
            List<Map<String, Object>> all) {}

    /**
     * @param dryRun when true, nothing is written (round-robin shows its next pick without moving the cursor)
     */
    public Mono<Resolved> resolve(List<RuleAction> actions, TicketSnapshot ticket, boolean dryRun) {
        boolean templated = actions.stream().anyMatch(a -> TEMPLATED.contains(a.type()));
        Mono<Placeholders> placeholders =
                templated ? placeholders(ticket) : Mono.just(new Placeholders(Map.of(), ticket));
        return placeholders.flatMap(p -> Flux.fromIterable(actions)
                .concatMap(action -> resolve(action, ticket, p, dryRun))
                .collectList()
                .map(list -> {
                    List<Map<String, Object>> ticketActions = new ArrayList<>();
                    List<Map<String, Object>> notifications = new ArrayList<>();
                    for (Map<String, Object> a : list) {
                        if (a.containsKey("skipped")) {
                            continue;
                        }
                        ActionType type = ActionType.of((String) a.get("type")).orElseThrow();
                        (type.ticketChange() ? ticketActions : notifications).add(a);
                    }
                    return new Resolved(ticketActions, notifications, list);
                }));
    }

    private Mono<Map<String, Object>> resolve(
            RuleAction action, TicketSnapshot ticket, Placeholders p, boolean dryRun) {
        Map<String, Object> params = action.params();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", action.type().wire());
        switch (action.type()) {
            case SET_STATUS, SET_PRIORITY, SET_CATEGORY, ADD_TAGS, REMOVE_TAGS, CLOSE -> out.putAll(params);
            case SET_DUE_DATE -> {
                Object hours = params.get("dueInHours");
                out.put(
                        "dueDate",
                        hours != null
                                ? Instant.now()
                                        .plus(Duration.ofHours(((Number) hours).longValue()))
                                        .toString()
                                : params.get("dueDate"));
            }
            case SET_CUSTOM_FIELD -> {
                out.put("fieldId", params.get("fieldId"));
                out.put("value", p.apply((String) params.get("value"), false));
            }
            case ADD_COMMENT -> {
                out.put("body", p.apply((String) params.get("body"), false));
                out.put("forTechsOnly", params.get("forTechsOnly"));
            }
            case SEND_EMAIL -> {
                @SuppressWarnings("unchecked")
                List<String> to = (List<String>) params.get("to");
                out.put(
                        "to",
                        to.stream()
                                .map(address -> p.apply(address, false))
                                .filter(address -> !address.isBlank())
                                .distinct()
                                .toList());
                out.put("subject", p.apply((String) params.get("subject"), false));
                out.put("body", p.apply((String) params.get("body"), false));
            }
            case CALL_WEBHOOK -> {
                String contentType = (String) params.get("contentType");
                boolean json = contentType.toLowerCase(Locale.ROOT).contains("json");
                out.put("url", p.apply((String) params.get("url"), false));
                out.put("method", params.get("method"));
                out.put("contentType", contentType);
                @SuppressWarnings("unchecked")
                Map<String, String> headers = (Map<String, String>) params.get("headers");
                Map<String, String> resolvedHeaders = new LinkedHashMap<>();
                headers.forEach((name, value) -> resolvedHeaders.put(name, p.apply(value, false)));
                out.put("headers", resolvedHeaders);
                out.put("body", p.apply((String) params.get("body"), json));
            }
            case ASSIGN -> {
                String mode = (String) params.get("mode");
                if (mode.equals("user")) {
                    out.put("userId", params.get("userId"));
                    return Mono.just(out);
                }
                return pickTechnician(mode, ticket, dryRun)
                        .map(userId -> {
                            out.put("userId", userId);
                            return out;
                        })
                        .switchIfEmpty(Mono.fromSupplier(() -> skipped(
                                out,
                                ticket.categoryId() == null
                                        ? "the ticket has no category"
                                        : "category " + ticket.categoryId() + " has no technicians")));
            }
        }
        return Mono.just(out);
    }

    private static Map<String, Object> skipped(Map<String, Object> action, String reason) {
        action.put("skipped", reason);
        return action;
    }

    private Mono<Long> pickTechnician(String mode, TicketSnapshot ticket, boolean dryRun) {
        if (ticket.categoryId() == null) {
            return Mono.empty();
        }
        long category = ticket.categoryId();
        return people.technicians(category).collectList().flatMap(techs -> {
            if (techs.isEmpty()) {
                return Mono.empty();
            }
            if (mode.equals("least-loaded")) {
                return Mono.just(techs.stream()
                        .min(Comparator.comparingLong(UserDirectory.TechnicianLoad::openTickets))
                        .orElseThrow()
                        .userId());
            }
            Mono<Optional<Long>> last;
            if (dryRun) {
                last = db.sql("select last_user_id from assignment_cursors where category_id = :category")
                        .bind("category", category)
                        .map(row -> Optional.of(row.get(0, Long.class)))
                        .one()
                        .defaultIfEmpty(Optional.empty());
            } else {
                // The cursor row is locked until the firing commits, so concurrent firings take turns.
                last = db.sql("insert into assignment_cursors (category_id, last_user_id) values (:category, 0)"
                                + " on conflict do nothing")
                        .bind("category", category)
                        .then()
                        .then(db.sql("select last_user_id from assignment_cursors where category_id = :category"
                                        + " for update")
                                .bind("category", category)
                                .map(row -> Optional.of(row.get(0, Long.class)))
                                .one());
            }
            return last.flatMap(previous -> {
                long next = techs.stream()
                        .map(UserDirectory.TechnicianLoad::userId)
                        .filter(id -> previous.isEmpty() || id > previous.get())
                        .findFirst()
                        .orElse(techs.getFirst().userId());
                if (dryRun) {
                    return Mono.just(next);
                }
                return db.sql("update assignment_cursors set last_user_id = :user where category_id = :category")
                        .bind("category", category)
                        .bind("user", next)
                        .then()
                        .thenReturn(next);
            });
        });
    }

    private Mono<Placeholders> placeholders(TicketSnapshot ticket) {
        Mono<Optional<Person>> submitter =
                people.person(ticket.submitterUserId()).map(Optional::of).defaultIfEmpty(Optional.empty());
        Mono<Optional<Person>> assignee =
                people.person(ticket.assignedToUserId()).map(Optional::of).defaultIfEmpty(Optional.empty());
        return Mono.zip(submitter, assignee, settings.current()).map(t -> {
            Map<String, String> values = new HashMap<>();
            values.put("ticketId", String.valueOf(ticket.ticketId()));
            values.put("subject", orEmpty(ticket.subject()));
            values.put("body", orEmpty(ticket.body()));
            values.put("url", properties.ticketUrl().replace("{ticketId}", String.valueOf(ticket.ticketId())));
            values.put("from", t.getT1().map(Person::name).orElse(""));
            values.put("fromEmail", t.getT1().map(Person::email).orElse(""));
            values.put("technician", t.getT2().map(Person::name).orElse(""));
            values.put(
                    "priority",
                    ticket.priorityId() == null
                            ? ""
                            : PRIORITY_NAMES.getOrDefault(ticket.priorityId(), String.valueOf(ticket.priorityId())));
            values.put("statusId", ticket.statusId() == null ? "" : String.valueOf(ticket.statusId()));
            values.put("date", DATE.format(Instant.now().atZone(t.getT3().timeZone())));
            values.put("most_recent_message", orEmpty(ticket.mostRecentMessage()));
            return new Placeholders(values, ticket);
        });
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
