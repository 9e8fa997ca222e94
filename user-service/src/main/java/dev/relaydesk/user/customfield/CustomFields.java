package dev.relaydesk.user.customfield;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.customfield.FieldType;
import dev.relaydesk.contract.customfield.FieldValues;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.permission.Access;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * User and company custom fields: definitions (listed by administrators and technicians, defined by administrators)
 * and values (read by technicians, set by administrators). Values are checked against the field's type: checkboxes
 * take true/false, dates a date in a common format (stored as ISO), combos one of their option ids.
 */
@Service
public class CustomFields {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public CustomFields(DatabaseClient db, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    public Flux<CustomField> definitions(Caller caller, Usage usage) {
        return Access.asTechnician(caller, tx.transactional(fields(usage).collectList()))
                .flatMapIterable(list -> list);
    }

    /** Defines a field; {@code options} only for selection combos. The new field's id. */
    public Mono<Long> define(
            Caller caller, Usage usage, String name, FieldType type, boolean mandatory, List<String> options) {
        return Access.asAdministrator(
                caller,
                tx.transactional(db.sql(
                                """
                                insert into custom_fields (usage_type, name, field_type, mandatory, position)
                                values (:usage, :name, :type, :mandatory,
                                        (select coalesce(max(position), 0) + 1 from custom_fields))
                                returning id
                                """)
                        .bind("usage", usage.code())
                        .bind("name", name)
                        .bind("type", type.code())
                        .bind("mandatory", mandatory)
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .flatMap(id -> Flux.fromIterable(type == FieldType.SELECTION_COMBO ? options : List.of())
                                .concatMap(option -> db.sql(
                                                "insert into custom_field_options (field_id, name) values (:field, :name)")
                                        .bind("field", id)
                                        .bind("name", option)
                                        .then())
                                .then(Mono.just(id)))));
    }

    /** Every field of {@code usage} with the owner's value; 404 for an unknown owner. */
    public Flux<CustomFieldValue> values(Caller caller, Usage usage, long ownerId) {
        return Access.asTechnician(
                        caller,
                        tx.transactional(requireOwner(usage, ownerId)
                                .then(fields(usage).collectList())
                                .flatMapMany(Flux::fromIterable)
                                .concatMap(field -> valueOf(usage, ownerId, field.id())
                                        .map(value -> new CustomFieldValue(
                                                field.id(), field.name(), field.type(), display(field, value)))
                                        .defaultIfEmpty(
                                                new CustomFieldValue(field.id(), field.name(), field.type(), null)))
                                .collectList()))
                .flatMapIterable(list -> list);
    }

    /** Sets (or, with an empty value, clears) a value; 404 for an unknown owner or field, 400 for a bad value. */
    public Mono<Void> set(Caller caller, Usage usage, long ownerId, long fieldId, String value) {
        return Access.asAdministrator(
                caller,
                tx.transactional(requireOwner(usage, ownerId)
                        .then(fields(usage).collectList())
                        .flatMap(all -> Mono.justOrEmpty(
                                all.stream().filter(f -> f.id() == fieldId).findFirst()))
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Custom field", fieldId)))
                        .flatMap(field -> {
                            String stored = value == null || value.isEmpty() ? null : normalize(field, value);
                            String table = usage == Usage.USER ? "user_custom_values" : "company_custom_values";
                            String owner = usage == Usage.USER ? "user_id" : "company_id";
                            Mono<Void> write = stored == null
                                    ? db.sql("delete from " + table + " where " + owner
                                                    + " = :owner and field_id = :field")
                                            .bind("owner", ownerId)
                                            .bind("field", fieldId)
                                            .then()
                                    : db.sql("insert into " + table + " (" + owner + ", field_id, value)"
                                                    + " values (:owner, :field, :value)"
                                                    + " on conflict (tenant_id, " + owner
                                                    + ", field_id) do update set value = excluded.value")
                                            .bind("owner", ownerId)
                                            .bind("field", fieldId)
                                            .bind("value", stored)
                                            .then();
                            return write.then(outbox.append(OutgoingEvent.of(
                                    usage == Usage.USER ? "user.users" : "user.companies",
                                    ownerId,
                                    usage == Usage.USER
                                            ? CustomFieldValueSet.USER_TYPE
                                            : CustomFieldValueSet.COMPANY_TYPE,
                                    new CustomFieldValueSet(ownerId, fieldId, stored, Instant.now()))));
                        })));
    }

    private Mono<Void> requireOwner(Usage usage, long ownerId) {
        String table = usage == Usage.USER ? "users" : "companies";
        return db.sql("select id from " + table + " where id = :id")
                .bind("id", ownerId)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(
                        Mono.error(() -> ApiException.notFound(usage == Usage.USER ? "User" : "Company", ownerId)))
                .then();
    }

    private Flux<CustomField> fields(Usage usage) {
        return db.sql("select * from custom_fields where usage_type = :usage order by position, id")
                .bind("usage", usage.code())
                .map(CustomFields::toFieldWithoutOptions)
                .all()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(field -> field.type() != FieldType.SELECTION_COMBO
                        ? Mono.just(field)
                        : db.sql("select id, name from custom_field_options where field_id = :field order by id")
                                .bind("field", field.id())
                                .map(row -> new CustomField.Option(
                                        row.get("id", Long.class), row.get("name", String.class)))
                                .all()
                                .collectList()
                                .map(options -> new CustomField(
                                        field.id(),
                                        field.usage(),
                                        field.name(),
                                        field.type(),
                                        field.mandatory(),
                                        field.position(),
                                        options)));
    }

    private Mono<String> valueOf(Usage usage, long ownerId, long fieldId) {
        String table = usage == Usage.USER ? "user_custom_values" : "company_custom_values";
        String owner = usage == Usage.USER ? "user_id" : "company_id";
        return db.sql("select value from " + table + " where " + owner + " = :owner and field_id = :field")
                .bind("owner", ownerId)
                .bind("field", fieldId)
                .map(row -> java.util.Optional.ofNullable(row.get(0, String.class)))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    private static String display(CustomField field, String stored) {
        if (field.type() != FieldType.SELECTION_COMBO) {
            return stored;
        }
        return field.options().stream()
                .filter(o -> Long.toString(o.id()).equals(stored))
                .map(CustomField.Option::name)
                .findFirst()
                .orElse(stored);
    }

    static String normalize(CustomField field, String value) {
        return FieldValues.normalize(
                field.type(),
                field.options().stream().map(CustomField.Option::id).toList(),
                value,
                "value");
    }

    private static CustomField toFieldWithoutOptions(Readable row) {
        return new CustomField(
                row.get("id", Long.class),
                Usage.of(row.get("usage_type", Integer.class)).orElseThrow(),
                row.get("name", String.class),
                FieldType.of(row.get("field_type", Integer.class)).orElseThrow(),
                Boolean.TRUE.equals(row.get("mandatory", Boolean.class)),
                row.get("position", Integer.class),
                List.of());
    }
}
