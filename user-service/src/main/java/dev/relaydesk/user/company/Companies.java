package dev.relaydesk.user.company;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.permission.Access;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Companies of a tenant: listing (administrators and technicians), creating and updating (administrators). A company
 * name is unique per tenant, case-insensitively; creating a taken name answers the existing company's id.
 */
@Service
public class Companies {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public Companies(DatabaseClient db, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    public Flux<Company> list(Caller caller) {
        return Access.asTechnician(
                        caller,
                        tx.transactional(db.sql("select * from companies order by id")
                                .map(Companies::toCompany)
                                .all()
                                .collectList()))
                .flatMapIterable(list -> list);
    }

    /** Creates a company unless the name is taken; the id of the new or existing company. */
    public Mono<Long> create(Caller caller, String name, String emailDomains) {
        return Access.asAdministrator(caller, tx.transactional(idForName(name, emailDomains)));
    }

    /** The id of the company with this name, created (with its event) when there is none; call inside a transaction. */
    public Mono<Long> idForName(String name, String emailDomains) {
        return byName(name).map(Company::id).switchIfEmpty(Mono.defer(() -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql(
                            """
                                    insert into companies (name, email_domains) values (:name, :domains)
                                    on conflict (tenant_id, lower(name)) do nothing returning id
                                    """)
                    .bind("name", name);
            spec = emailDomains == null ? spec.bindNull("domains", String.class) : spec.bind("domains", emailDomains);
            return spec.map(row -> row.get(0, Long.class))
                    .one()
                    .flatMap(id -> outbox.append(OutgoingEvent.of(
                                    CompanyCreated.TOPIC,
                                    id,
                                    CompanyCreated.TYPE,
                                    new CompanyCreated(id, name, emailDomains, null, Instant.now())))
                            .thenReturn(id))
                    .switchIfEmpty(Mono.defer(() -> byName(name).map(Company::id)));
        }));
    }

    /** Changes the given fields (null leaves a field as it is). */
    public Mono<Company> update(Caller caller, long id, String name, String notes, String emailDomains) {
        return Access.asAdministrator(
                caller,
                tx.transactional(byId(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Company", id)))
                        .flatMap(existing -> (name == null || name.equalsIgnoreCase(existing.name())
                                        ? Mono.just(false)
                                        : byName(name).hasElement())
                                .flatMap(taken -> {
                                    if (taken) {
                                        return Mono.error(
                                                ApiException.badParameter("name", "is taken by another company"));
                                    }
                                    Company changed = new Company(
                                            id,
                                            name == null ? existing.name() : name,
                                            emailDomains == null ? existing.emailDomains() : emailDomains,
                                            notes == null ? existing.notes() : notes);
                                    return save(changed)
                                            .then(outbox.append(OutgoingEvent.of(
                                                    CompanyCreated.TOPIC,
                                                    id,
                                                    CompanyUpdated.TYPE,
                                                    new CompanyUpdated(
                                                            id,
                                                            changed.name(),
                                                            changed.emailDomains(),
                                                            changed.notes(),
                                                            Instant.now()))))
                                            .thenReturn(changed);
                                }))));
    }

    /** The company, or empty; call inside a transaction. */
    public Mono<Company> byId(long id) {
        return db.sql("select * from companies where id = :id")
                .bind("id", id)
                .map(Companies::toCompany)
                .one();
    }

    private Mono<Company> byName(String name) {
        return db.sql("select * from companies where lower(name) = lower(:name)")
                .bind("name", name)
                .map(Companies::toCompany)
                .one();
    }

    private Mono<Void> save(Company company) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        "update companies set name = :name, email_domains = :domains, notes = :notes where id = :id")
                .bind("id", company.id())
                .bind("name", company.name());
        spec = company.emailDomains() == null
                ? spec.bindNull("domains", String.class)
                : spec.bind("domains", company.emailDomains());
        spec = company.notes() == null ? spec.bindNull("notes", String.class) : spec.bind("notes", company.notes());
        return spec.then();
    }

    private static Company toCompany(Readable row) {
        return new Company(
                row.get("id", Long.class),
                row.get("name", String.class),
                row.get("email_domains", String.class),
                row.get("notes", String.class));
    }
}
