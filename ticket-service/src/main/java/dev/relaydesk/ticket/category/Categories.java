package dev.relaydesk.ticket.category;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.access.Access;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Categories and their sections: administrators define them; everyone lists the ones they may submit to (regular
 * users not the technicians-only ones; knowledge-base-only categories only administrators); technicians see who may
 * be assigned in a category. Every change is published on {@code ticket.categories}.
 */
@Service
public class Categories {

    private static final String SELECT =
            """
            select c.id, c.name, c.section_id, s.name as section_name, c.for_techs_only, c.kb_only, c.notes,
                   c.from_address
              from categories c left join sections s on s.id = c.section_id
            """;

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public Categories(DatabaseClient db, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    public Flux<Category> visible(Caller caller) {
        String where = caller.isAdmin()
                ? "not c.deleted"
                : caller.isTechnician()
                        ? "not c.deleted and not c.kb_only"
                        : "not c.deleted and not c.kb_only and not c.for_techs_only";
        return tx.transactional(db.sql(SELECT + " where " + where + " order by s.name nulls first, c.name, c.id")
                        .map(Categories::toCategory)
                        .all()
                        .collectList())
                .flatMapIterable(list -> list);
    }

    /** The category, if it exists; to be called inside the caller's transaction. */
    public Mono<Category> find(long id) {
        return db.sql(SELECT + " where c.id = :id and not c.deleted")
                .bind("id", id)
                .map(Categories::toCategory)
                .one();
    }

    /**
     * A category the caller may file tickets in; 404 for an unknown one (or a technicians-only one for a regular
     * user), 400 for a knowledge-base-only one. Inside the caller's transaction.
     */
    public Mono<Category> forTickets(Caller caller, long id, String parameter) {
        return find(id).filter(c -> caller.isTechnician() || !c.forTechsOnly())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", id)))
                .flatMap(c -> c.kbOnly()
                        ? Mono.error(ApiException.badParameter(parameter, "is a knowledge-base-only category"))
                        : Mono.just(c));
    }

    public Mono<Long> create(Caller caller, NewCategory request) {
        return Access.asAdministrator(
                caller,
                tx.transactional(section(request)
                        .map(java.util.Optional::of)
                        .defaultIfEmpty(java.util.Optional.empty())
                        .flatMap(section -> {
                            var insert = db.sql(
                                            """
                                            insert into categories (name, section_id, for_techs_only, kb_only, notes)
                                            values (:name, :section, :techs, :kb, :notes) returning id
                                            """)
                                    .bind("name", request.name())
                                    .bind("techs", request.forTechsOnly())
                                    .bind("kb", request.kbOnly())
                                    .bind("notes", request.notes() == null ? "" : request.notes());
                            insert = section.isPresent()
                                    ? insert.bind("section", section.get())
                                    : insert.bindNull("section", Long.class);
                            return insert.map(row -> row.get(0, Long.class)).one();
                        })
                        .onErrorMap(
                                org.springframework.dao.DataIntegrityViolationException.class,
                                e -> ApiException.conflict("A category named '" + request.name() + "' already exists"))
                        .flatMap(this::find)
                        .flatMap(category -> outbox.append(OutgoingEvent.of(
                                        CategoryChanged.TOPIC,
                                        category.id(),
                                        CategoryChanged.CREATED,
                                        CategoryChanged.of(category)))
                                .thenReturn(category.id()))));
    }

    /** Relaydesk addition: changes a category and publishes {@code relaydesk.category.updated.v1}. */
    public Mono<Void> update(Caller caller, long id, CategoryEdit edit) {
        NewCategory sectionRequest = new NewCategory(
                null,
                edit.sectionId() == null || edit.sectionId() == 0 ? null : edit.sectionId(),
                edit.sectionName(),
                false,
                false,
                null);
        boolean sectionChange = edit.sectionId() != null || edit.sectionName() != null;
        return Access.asAdministrator(
                caller,
                tx.transactional(find(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", id)))
                        .flatMap(current -> (sectionChange
                                        ? section(sectionRequest).map(java.util.Optional::of)
                                        : Mono.just(java.util.Optional.ofNullable(current.sectionId())))
                                .defaultIfEmpty(java.util.Optional.empty())
                                .flatMap(section -> {
                                    var update = db.sql(
                                                    """
                                                    update categories set name = :name, section_id = :section,
                                                           for_techs_only = :techs, kb_only = :kb, notes = :notes
                                                     where id = :id
                                                    """)
                                            .bind("id", id)
                                            .bind("name", edit.name() == null ? current.name() : edit.name())
                                            .bind(
                                                    "techs",
                                                    edit.forTechsOnly() == null
                                                            ? current.forTechsOnly()
                                                            : edit.forTechsOnly())
                                            .bind("kb", edit.kbOnly() == null ? current.kbOnly() : edit.kbOnly())
                                            .bind("notes", edit.notes() == null ? current.notes() : edit.notes());
                                    update = section.isPresent()
                                            ? update.bind("section", section.get())
                                            : update.bindNull("section", Long.class);
                                    return update.then();
                                }))
                        .onErrorMap(
                                org.springframework.dao.DataIntegrityViolationException.class,
                                e -> ApiException.conflict("A category named '" + edit.name() + "' already exists"))
                        .then(find(id))
                        .flatMap(category -> outbox.append(OutgoingEvent.of(
                                CategoryChanged.TOPIC, id, CategoryChanged.UPDATED, CategoryChanged.of(category))))));
    }

    /** Relaydesk addition: removes a category from lists (its tickets keep it). */
    public Mono<Void> delete(Caller caller, long id) {
        return Access.asAdministrator(
                caller,
                tx.transactional(db.sql("update categories set deleted = true where id = :id and not deleted")
                        .bind("id", id)
                        .fetch()
                        .rowsUpdated()
                        .flatMap(n -> n == 0
                                ? Mono.error(ApiException.notFound("Category", id))
                                : outbox.append(OutgoingEvent.of(
                                        CategoryChanged.TOPIC,
                                        id,
                                        CategoryDeleted.TYPE,
                                        new CategoryDeleted(id, Instant.now()))))));
    }

    /** Everyone who may be assigned tickets of the category: administrators and its technicians. */
    public Flux<Technician> technicians(Caller caller, long categoryId) {
        return Access.asTechnician(
                        caller,
                        tx.transactional(find(categoryId)
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", categoryId)))
                                .thenMany(db.sql(
                                                """
                                                select u.user_id, u.username, u.first_name, u.last_name,
                                                       (select count(*) from tickets t
                                                         where t.assignee_id = u.user_id and t.status_id <> 3)
                                                         as assigned
                                                  from user_view u
                                                 where not u.deleted and not u.disabled
                                                   and (u.is_admin or exists (select 1 from category_techs p
                                                         where p.user_id = u.user_id and p.category_id = :category))
                                                 order by lower(u.username), u.user_id
                                                """)
                                        .bind("category", categoryId)
                                        .map(row -> new Technician(
                                                row.get("user_id", Long.class),
                                                row.get("username", String.class),
                                                row.get("first_name", String.class),
                                                row.get("last_name", String.class),
                                                row.get("assigned", Long.class)))
                                        .all())
                                .collectList()))
                .flatMapIterable(list -> list);
    }

    private Mono<Long> section(NewCategory request) {
        if (request.sectionId() != null) {
            return db.sql("select id from sections where id = :id")
                    .bind("id", request.sectionId())
                    .map(row -> row.get(0, Long.class))
                    .one()
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("Section", request.sectionId())));
        }
        if (request.sectionName() == null || request.sectionName().isBlank()) {
            return Mono.empty();
        }
        String name = request.sectionName().trim();
        return db.sql("select id from sections where lower(name) = lower(:name)")
                .bind("name", name)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(db.sql("insert into sections (name) values (:name) returning id")
                        .bind("name", name)
                        .map(row -> row.get(0, Long.class))
                        .one());
    }

    static Category toCategory(Readable row) {
        return new Category(
                row.get("id", Long.class),
                row.get("name", String.class),
                row.get("section_id", Long.class),
                row.get("section_name", String.class),
                Boolean.TRUE.equals(row.get("for_techs_only", Boolean.class)),
                Boolean.TRUE.equals(row.get("kb_only", Boolean.class)),
                row.get("notes", String.class),
                row.get("from_address", String.class));
    }
}
