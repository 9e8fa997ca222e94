package dev.relaydesk.user.department;

import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.permission.Access;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Departments of a tenant; made on demand when a user is put into one that does not exist yet. */
@Service
public class Departments {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public Departments(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    public Flux<Department> list(Caller caller) {
        return Access.asTechnician(
                        caller,
                        tx.transactional(db.sql("select id, name from departments order by id")
                                .map(row -> new Department(row.get("id", Long.class), row.get("name", String.class)))
                                .all()
                                .collectList()))
                .flatMapIterable(list -> list);
    }

    /** The id of the department with this name, created when there is none; call inside a transaction. */
    public Mono<Long> idForName(String name) {
        return byName(name).switchIfEmpty(Mono.defer(() -> db.sql(
                        "insert into departments (name) values (:name) on conflict do nothing returning id")
                .bind("name", name)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.defer(() -> byName(name)))));
    }

    private Mono<Long> byName(String name) {
        return db.sql("select id from departments where lower(name) = lower(:name)")
                .bind("name", name)
                .map(row -> row.get(0, Long.class))
                .one();
    }
}
