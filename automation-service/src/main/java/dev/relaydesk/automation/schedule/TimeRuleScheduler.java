package dev.relaydesk.automation.schedule;

import dev.relaydesk.automation.AutomationProperties;
import dev.relaydesk.automation.execution.RuleFiring;
import dev.relaydesk.automation.rule.ConditionCheck;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.Rules;
import dev.relaydesk.automation.settings.TenantSettings;
import dev.relaydesk.automation.settings.TenantSettingsStore;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import dev.relaydesk.automation.ticket.TicketSnapshots;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.background.BackgroundLoop;
import dev.relaydesk.platform.tenancy.Tenancy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates time-based rules. Each tick visits the tenants that have time rules and, per tenant, locks the due timers
 * ({@code next_check_at <= now()}, through an index) with {@code for update skip locked}: several replicas can tick at
 * once and each timer is handled by exactly one of them. A due timer is re-checked against the ticket (it may have
 * changed, be on hold or closed), fired when the rule's conditions hold, and deleted: the next change of the ticket
 * sets a new one. One firing per rule, ticket and episode (the due date, last activity or creation it was computed
 * from).
 */
@Component
public class TimeRuleScheduler extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(TimeRuleScheduler.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Rules rules;
    private final TicketSnapshots tickets;
    private final TenantSettingsStore settings;
    private final RuleTimers timers;
    private final RuleFiring firing;
    private final AutomationProperties.Scheduler properties;

    public TimeRuleScheduler(
            DatabaseClient db,
            TransactionalOperator tx,
            Rules rules,
            TicketSnapshots tickets,
            TenantSettingsStore settings,
            RuleTimers timers,
            RuleFiring firing,
            AutomationProperties properties) {
        this.db = db;
        this.tx = tx;
        this.rules = rules;
        this.tickets = tickets;
        this.settings = settings;
        this.timers = timers;
        this.firing = firing;
        this.properties = properties.scheduler();
    }

    @Override
    protected boolean enabled() {
        return properties.enabled();
    }

    @Override
    protected Flux<Long> loop() {
        return Flux.interval(properties.interval(), properties.interval())
                .onBackpressureDrop()
                .concatMap(tick -> tick().onErrorResume(e -> {
                    log.warn("Scheduler tick failed, retrying at the next tick: {}", e.toString());
                    return Mono.just(0L);
                }));
    }

    /** One pass over every tenant with time rules; completes with the number of timers handled. */
    public Mono<Long> tick() {
        return db.sql("select tenant from scheduler_tenants order by tenant")
                .map(row -> row.get(0, String.class))
                .all()
                .concatMap(tenant -> tenantTick()
                        .contextWrite(Tenancy.of(TenantId.of(tenant)))
                        .onErrorResume(e -> {
                            log.warn("Scheduler tick failed for tenant {}: {}", tenant, e.toString());
                            return Mono.just(0L);
                        }))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> tenantTick() {
        return batch().expand(n -> n == properties.batchSize() ? batch() : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> batch() {
        Mono<Long> handled = settings.current().flatMap(s -> db.sql(
                        """
                                select rule_id, ticket_id, due_key from rule_timers
                                 where next_check_at <= now()
                                 order by next_check_at
                                 limit :limit
                                 for update skip locked
                                """)
                .bind("limit", properties.batchSize())
                .map(row -> new DueTimer(
                        row.get("rule_id", Long.class),
                        row.get("ticket_id", Long.class),
                        row.get("due_key", String.class)))
                .all()
                .concatMap(timer -> handle(timer, s))
                .count());
        return tx.transactional(handled);
    }

    private Mono<Void> handle(DueTimer timer, TenantSettings s) {
        Mono<Optional<Rule>> rule = rules.find(timer.ruleId()).map(Optional::of).defaultIfEmpty(Optional.empty());
        Mono<Optional<TicketSnapshot>> ticket =
                tickets.find(timer.ticketId()).map(Optional::of).defaultIfEmpty(Optional.empty());
        return Mono.zip(rule, ticket).flatMap(found -> {
            if (found.getT1().isEmpty()
                    || found.getT2().isEmpty()
                    || !found.getT1().get().enabled()) {
                return delete(timer);
            }
            Rule r = found.getT1().get();
            TicketSnapshot t = found.getT2().get();
            RuleTimers.Due due = RuleTimers.due(r.definition().trigger(), t, s);
            Instant now = Instant.now();
            if (due == null) {
                return delete(timer);
            }
            if (due.at().isAfter(now)) {
                return timers.upsert(r.id(), t.ticketId(), due);
            }
            if (!ConditionCheck.holds(r.definition(), t, Map.of(), now)) {
                return delete(timer);
            }
            String origin = RuleTimers.origin(r.id(), t.ticketId(), due);
            return firing.fire(new RuleFiring.Firing(
                            r, t, r.definition().trigger().type().wire(), origin, origin, 1))
                    .then(delete(timer));
        });
    }

    private Mono<Void> delete(DueTimer timer) {
        return db.sql("delete from rule_timers where rule_id = :rule and ticket_id = :ticket")
                .bind("rule", timer.ruleId())
                .bind("ticket", timer.ticketId())
                .then();
    }

    private record DueTimer(long ruleId, long ticketId, String dueKey) {}
}
