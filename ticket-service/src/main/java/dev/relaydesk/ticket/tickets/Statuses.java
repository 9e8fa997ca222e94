package dev.relaydesk.ticket.tickets;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.access.Access;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The built-in statuses and the tenant's own (defined by administrators, a Relaydesk addition). */
@Service
public class Statuses {

    static final List<Status> BUILT_IN = List.of(
            new Status(Status.NEW, "New"),
            new Status(Status.IN_PROCESS, "In process"),
            new Status(Status.CLOSED, "Closed"));

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public Statuses(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    public Flux<Status> all() {
        return tx.transactional(db.sql("select id, name from statuses order by id")
                        .map(row -> new Status(row.get("id", Long.class), row.get("name", String.class)))
                        .all()
                        .collectList())
                .flatMapIterable(custom -> java.util.stream.Stream.concat(BUILT_IN.stream(), custom.stream())
                        .toList());
    }

    public Mono<Long> create(Caller caller, String name) {
        return Access.asAdministrator(
                caller,
                tx.transactional(db.sql(
                                """
                                select count(*) from statuses where lower(name) = lower(:name)
                                """)
                        .bind("name", name)
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .flatMap(n -> n > 0
                                        || BUILT_IN.stream()
                                                .anyMatch(s -> s.name().equalsIgnoreCase(name))
                                ? Mono.error(ApiException.conflict("A status named '" + name + "' already exists"))
                                : db.sql("insert into statuses (name) values (:name) returning id")
                                        .bind("name", name)
                                        .map(row -> row.get(0, Long.class))
                                        .one())));
    }

    /** Fails with a 400 naming {@code parameter} unless the status exists; inside the caller's transaction. */
    Mono<Long> require(long id, String parameter) {
        if (id >= 1 && id <= 3) {
            return Mono.just(id);
        }
        return db.sql("select id from statuses where id = :id")
                .bind("id", id)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.badParameter(
                        parameter, "must be a status id (1 New, 2 In process, 3 Closed or a custom status)")));
    }
}
