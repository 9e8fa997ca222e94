package dev.relaydesk.automation.rule;

import dev.relaydesk.automation.schedule.RuleTimers;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creating, changing, ordering, enabling and deleting a tenant's rules (administrators only). Positions are kept dense
 * (1..n) so that "order" is simply the list order; a time-based rule's timers follow every change of the rule.
 */
@Service
public class RuleAdministration {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Rules rules;
    private final RuleTimers timers;

    public RuleAdministration(DatabaseClient db, TransactionalOperator tx, Rules rules, RuleTimers timers) {
        this.db = db;
        this.tx = tx;
        this.rules = rules;
        this.timers = timers;
    }

    public Flux<Rule> list(Caller caller) {
        return Access.asAdministrator(caller, Mono.just(caller)).thenMany(tx.transactional(rules.all()));
    }

    public Mono<Rule> get(Caller caller, long id) {
        return Access.asAdministrator(caller, tx.transactional(existing(id)));
    }

    public Mono<Rule> create(Caller caller, NewRule rule) {
        RuleDefinition d = rule.definition();
        Mono<Rule> created = db.sql(
                        """
                        insert into rules (name, position, enabled, trigger_type, time_based, definition)
                        values (:name, (select coalesce(max(position), 0) + 1 from rules), :enabled, :trigger, :time,
                                cast(:definition as jsonb))
                        returning id
                        """)
                .bind("name", rule.name())
                .bind("enabled", rule.enabled())
                .bind("trigger", d.trigger().type().wire())
                .bind("time", d.trigger().type().timeBased())
                .bind("definition", rules.toJson(d))
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(id ->
                        (rule.position() == null ? Mono.<Void>empty() : move(id, rule.position())).then(existing(id)))
                .flatMap(saved -> timers.resetRule(saved).thenReturn(saved))
                .flatMap(saved -> rules.changed().thenReturn(saved));
        return Access.asAdministrator(caller, tx.transactional(created));
    }

    public Mono<Rule> update(Caller caller, long id, NewRule rule) {
        RuleDefinition d = rule.definition();
        Mono<Rule> updated = existing(id)
                .flatMap(old -> db.sql(
                                """
                                update rules set name = :name, enabled = :enabled, trigger_type = :trigger,
                                       time_based = :time, definition = cast(:definition as jsonb), updated_at = now()
                                 where id = :id
                                """)
                        .bind("id", id)
                        .bind("name", rule.name())
                        .bind("enabled", rule.enabled())
                        .bind("trigger", d.trigger().type().wire())
                        .bind("time", d.trigger().type().timeBased())
                        .bind("definition", rules.toJson(d))
                        .then())
                .then(rule.position() == null ? Mono.empty() : move(id, rule.position()))
                .then(existing(id))
                .flatMap(saved -> timers.resetRule(saved).thenReturn(saved))
                .flatMap(saved -> rules.changed().thenReturn(saved));
        return Access.asAdministrator(caller, tx.transactional(updated));
    }

    public Mono<Void> delete(Caller caller, long id) {
        Mono<Void> deleted = existing(id)
                .then(db.sql("delete from rules where id = :id").bind("id", id).then())
                .then(timers.forgetRule(id))
                .then(rules.all().map(Rule::id).collectList().flatMap(this::renumber))
                .then(rules.changed());
        return Access.asAdministrator(caller, tx.transactional(deleted));
    }

    public Mono<Rule> setEnabled(Caller caller, long id, boolean enabled) {
        Mono<Rule> changed = existing(id)
                .then(db.sql("update rules set enabled = :enabled, updated_at = now() where id = :id")
                        .bind("id", id)
                        .bind("enabled", enabled)
                        .then())
                .then(existing(id))
                .flatMap(saved -> timers.resetRule(saved).thenReturn(saved))
                .flatMap(saved -> rules.changed().thenReturn(saved));
        return Access.asAdministrator(caller, tx.transactional(changed));
    }

    /**
     * Puts the listed rules first, in the given order; rules not listed follow in their current order.
     *
     * @return every rule in the new order
     */
    public Flux<Rule> reorder(Caller caller, List<Long> ids) {
        Set<Long> unique = new HashSet<>(ids);
        if (unique.size() != ids.size()) {
            return Flux.error(ApiException.badParameter("ids", "must not repeat a rule"));
        }
        Mono<List<Rule>> reordered = rules.all()
                .map(Rule::id)
                .collectList()
                .flatMap(current -> {
                    for (Long id : ids) {
                        if (!current.contains(id)) {
                            return Mono.error(ApiException.badParameter("ids", "names unknown rule " + id));
                        }
                    }
                    List<Long> order = new ArrayList<>(ids);
                    current.stream().filter(id -> !unique.contains(id)).forEach(order::add);
                    return renumber(order);
                })
                .then(rules.changed())
                .then(rules.all().collectList());
        return Access.asAdministrator(caller, tx.transactional(reordered)).flatMapMany(Flux::fromIterable);
    }

    private Mono<Rule> existing(long id) {
        return rules.find(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Rule", id)));
    }

    private Mono<Void> move(long id, int position) {
        return rules.all().map(Rule::id).collectList().flatMap(order -> {
            order.remove(Long.valueOf(id));
            int index = Math.max(0, Math.min(order.size(), position - 1));
            order.add(index, id);
            return renumber(order);
        });
    }

    private Mono<Void> renumber(List<Long> order) {
        if (order.isEmpty()) {
            return Mono.empty();
        }
        return db.sql(
                        """
                        update rules r set position = o.ord
                          from unnest(cast(:ids as bigint[])) with ordinality as o(id, ord)
                         where r.id = o.id and r.position <> o.ord
                        """)
                .bind("ids", order.toArray(Long[]::new))
                .then();
    }
}
