package dev.relaydesk.ticket.customfield;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.customfield.FieldType;
import dev.relaydesk.contract.customfield.FieldValues;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.access.Access;
import dev.relaydesk.ticket.category.Categories;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ticket custom field definitions: administrators define them (for every category or some), everyone lists the ones
 * they may fill in (technicians-only fields only for technicians). Values are checked against the field's type:
 * checkboxes take true/false, dates a date in a common format (stored as ISO), combos one of their option ids.
 */
@Service
public class TicketFields {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Categories categories;

    public TicketFields(DatabaseClient db, TransactionalOperator tx, Categories categories) {
        this.db = db;
        this.tx = tx;
        this.categories = categories;
    }

    public Flux<TicketField> definitions(Caller caller) {
        return tx.transactional(all().filter(f -> caller.isTechnician() || !f.forTechsOnly())
                        .collectList())
                .flatMapIterable(list -> list);
    }

    public Flux<TicketField> forCategory(Caller caller, long categoryId) {
        return tx.transactional(categories
                        .forTickets(caller, categoryId, "categoryId")
                        .thenMany(all())
                        .filter(f -> f.appliesTo(categoryId) && (caller.isTechnician() || !f.forTechsOnly()))
                        .collectList())
                .flatMapIterable(list -> list);
    }

    /** Defines a field; the new field's id. */
    public Mono<Long> define(Caller caller, NewTicketField field) {
        return Access.asAdministrator(
                caller,
                tx.transactional(Flux.fromIterable(field.categoryIds())
                        .concatMap(id -> categories
                                .find(id)
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", id))))
                        .then(db.sql(
                                        """
                                        insert into ticket_fields (name, field_type, mandatory, for_techs_only, position)
                                        values (:name, :type, :mandatory, :techs,
                                                (select coalesce(max(position), 0) + 1 from ticket_fields))
                                        returning id
                                        """)
                                .bind("name", field.name())
                                .bind("type", field.type().code())
                                .bind("mandatory", field.mandatory())
                                .bind("techs", field.forTechsOnly())
                                .map(row -> row.get(0, Long.class))
                                .one())
                        .flatMap(id -> Flux.fromIterable(
                                        field.type() == FieldType.SELECTION_COMBO ? field.options() : List.of())
                                .concatMap(option -> db.sql(
                                                "insert into ticket_field_options (field_id, name) values (:field, :name)")
                                        .bind("field", id)
                                        .bind("name", option)
                                        .then())
                                .thenMany(Flux.fromIterable(field.categoryIds()).distinct())
                                .concatMap(category -> db.sql(
                                                """
                                                insert into ticket_field_categories (field_id, category_id)
                                                values (:field, :category)
                                                """)
                                        .bind("field", id)
                                        .bind("category", category)
                                        .then())
                                .then(Mono.just(id)))));
    }

    /** Every field of the tenant with its options and categories; inside the caller's transaction. */
    public Flux<TicketField> all() {
        Mono<Map<Long, List<TicketField.Option>>> options = db.sql(
                        "select id, field_id, name from ticket_field_options order by id")
                .map(row -> new Object[] {
                    row.get("field_id", Long.class),
                    new TicketField.Option(row.get("id", Long.class), row.get("name", String.class))
                })
                .all()
                .collect(HashMap::new, (map, pair) -> map.computeIfAbsent((Long) pair[0], k -> new ArrayList<>())
                        .add((TicketField.Option) pair[1]));
        Mono<Map<Long, List<Long>>> links = db.sql("select field_id, category_id from ticket_field_categories")
                .map(row -> new long[] {row.get("field_id", Long.class), row.get("category_id", Long.class)})
                .all()
                .collect(HashMap::new, (map, pair) -> map.computeIfAbsent(pair[0], k -> new ArrayList<>())
                        .add(pair[1]));
        return db.sql("select * from ticket_fields order by position, id")
                .map(TicketFields::toField)
                .all()
                .collectList()
                .flatMap(fields -> options.flatMap(o -> links.map(l -> fields.stream()
                        .map(f -> new TicketField(
                                f.id(),
                                f.name(),
                                f.type(),
                                f.mandatory(),
                                f.forTechsOnly(),
                                f.showInGrid(),
                                f.position(),
                                List.copyOf(o.getOrDefault(f.id(), List.of())),
                                List.copyOf(l.getOrDefault(f.id(), List.of()))))
                        .toList())))
                .flatMapIterable(list -> list);
    }

    /** The value to store for {@code value} (a 400 naming {@code parameter} when it does not fit the field). */
    public static String normalize(TicketField field, String value, String parameter) {
        return FieldValues.normalize(
                field.type(),
                field.options().stream().map(TicketField.Option::id).toList(),
                value,
                parameter);
    }

    private static TicketField toField(Readable row) {
        return new TicketField(
                row.get("id", Long.class),
                row.get("name", String.class),
                FieldType.of(row.get("field_type", Integer.class)).orElseThrow(),
                Boolean.TRUE.equals(row.get("mandatory", Boolean.class)),
                Boolean.TRUE.equals(row.get("for_techs_only", Boolean.class)),
                Boolean.TRUE.equals(row.get("show_in_grid", Boolean.class)),
                row.get("position", Integer.class),
                List.of(),
                List.of());
    }
}
