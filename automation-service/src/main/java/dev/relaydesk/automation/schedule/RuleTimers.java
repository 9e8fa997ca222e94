package dev.relaydesk.automation.schedule;

import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.RuleTrigger;
import dev.relaydesk.automation.settings.TenantSettings;
import dev.relaydesk.automation.settings.TenantSettingsStore;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import dev.relaydesk.automation.ticket.TicketSnapshots;
import dev.relaydesk.platform.tenancy.Tenancy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps one timer per (time-based rule, open ticket): the instant the rule's trigger becomes true for the ticket,
 * computed from the ticket's snapshot whenever the ticket or the rule changes. The scheduler reads only timers that
 * are due, so a tick costs time in proportion to the tickets due, not to all tickets. A closed ticket or one on hold
 * has no timers. All methods run inside a tenant transaction.
 */
@Component
public class RuleTimers {

    private final DatabaseClient db;
    private final TicketSnapshots tickets;
    private final TenantSettingsStore settings;

    public RuleTimers(DatabaseClient db, TicketSnapshots tickets, TenantSettingsStore settings) {
        this.db = db;
        this.tickets = tickets;
        this.settings = settings;
    }

    /** When {@code trigger} becomes true for {@code ticket}, and for which reference instant; null for never. */
    public static Due due(RuleTrigger trigger, TicketSnapshot ticket, TenantSettings settings) {
        if (!ticket.open() || ticket.onHold() || settings.paused(ticket.statusId())) {
            return null;
        }
        Duration amount = trigger.minutes() == null ? Duration.ZERO : Duration.ofMinutes(trigger.minutes());
        boolean working = trigger.workingHours();
        return switch (trigger.type()) {
            case OVERDUE -> ticket.dueDate() == null ? null : new Due(ticket.dueDate(), ticket.dueDate());
            case WILL_BE_OVERDUE ->
                ticket.dueDate() == null
                        ? null
                        : new Due(
                                working
                                        ? settings.minusWorking(ticket.dueDate(), amount)
                                        : ticket.dueDate().minus(amount),
                                ticket.dueDate());
            case NOT_UPDATED_FOR -> {
                Instant last = ticket.lastActivityAt();
                yield last == null
                        ? null
                        : new Due(working ? settings.plusWorking(last, amount) : last.plus(amount), last);
            }
            case CREATED_MORE_THAN ->
                ticket.createdAt() == null
                        ? null
                        : new Due(
                                working
                                        ? settings.plusWorking(ticket.createdAt(), amount)
                                        : ticket.createdAt().plus(amount),
                                ticket.createdAt());
            default -> null;
        };
    }

    /**
     * A timer's due instant and the reference instant it was computed from (the due date, last activity or creation),
     * which names the episode: a rule fires once per episode.
     */
    public record Due(Instant at, Instant reference) {
        public String key() {
            return reference.toString();
        }
    }

    /** Recomputes the rule's timers for every open ticket (after it was created, changed, enabled or disabled). */
    public Mono<Void> resetRule(Rule rule) {
        Mono<Void> cleared = forgetRule(rule.id());
        if (!rule.enabled() || !rule.definition().trigger().type().timeBased()) {
            return cleared.then(unregisterTenantWhenIdle());
        }
        return cleared.then(registerTenant()).then(settings.current()).flatMap(s -> tickets.open()
                .concatMap(ticket -> upsert(
                        rule.id(), ticket.ticketId(), due(rule.definition().trigger(), ticket, s)))
                .then());
    }

    public Mono<Void> forgetRule(long ruleId) {
        return db.sql("delete from rule_timers where rule_id = :rule")
                .bind("rule", ruleId)
                .then();
    }

    /** Recomputes the ticket's timers for every enabled time-based rule (after the ticket changed). */
    public Mono<Void> refreshTicket(TicketSnapshot ticket, List<Rule> timeRules, TenantSettings s) {
        return Flux.fromIterable(timeRules)
                .concatMap(rule -> upsert(
                        rule.id(), ticket.ticketId(), due(rule.definition().trigger(), ticket, s)))
                .then();
    }

    public Mono<Void> forgetTicket(long ticketId) {
        return db.sql("delete from rule_timers where ticket_id = :ticket")
                .bind("ticket", ticketId)
                .then();
    }

    Mono<Void> upsert(long ruleId, long ticketId, Due due) {
        if (due == null) {
            return db.sql("delete from rule_timers where rule_id = :rule and ticket_id = :ticket")
                    .bind("rule", ruleId)
                    .bind("ticket", ticketId)
                    .then();
        }
        // No timer for an episode the rule already fired for (an overdue ticket edited again stays quiet).
        return db.sql(
                        """
                        insert into rule_timers (rule_id, ticket_id, next_check_at, due_key)
                        select :rule, :ticket, :at, :key
                         where not exists (select 1 from rule_firings
                                            where rule_id = :rule and origin_event_id = :origin)
                        on conflict (tenant_id, rule_id, ticket_id) do update set
                          next_check_at = excluded.next_check_at, due_key = excluded.due_key
                        """)
                .bind("rule", ruleId)
                .bind("ticket", ticketId)
                .bind("at", OffsetDateTime.ofInstant(due.at(), ZoneOffset.UTC))
                .bind("key", due.key())
                .bind("origin", origin(ruleId, ticketId, due))
                .fetch()
                .rowsUpdated()
                .flatMap(n -> n > 0 ? Mono.<Void>empty() : upsert(ruleId, ticketId, null));
    }

    /** The origin event id of a timer's firing: one per rule, ticket and episode. */
    public static String origin(long ruleId, long ticketId, Due due) {
        return "timer:" + ruleId + ":" + ticketId + ":" + due.key();
    }

    private Mono<Void> registerTenant() {
        return Tenancy.required().flatMap(tenant -> db.sql(
                        "insert into scheduler_tenants (tenant) values (:tenant) on conflict do nothing")
                .bind("tenant", tenant.value())
                .then());
    }

    private Mono<Void> unregisterTenantWhenIdle() {
        return db.sql("select exists (select 1 from rules where enabled and time_based)")
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one()
                .flatMap(busy -> busy
                        ? Mono.empty()
                        : Tenancy.required()
                                .flatMap(tenant -> db.sql("delete from scheduler_tenants where tenant = :tenant")
                                        .bind("tenant", tenant.value())
                                        .then()));
    }
}
