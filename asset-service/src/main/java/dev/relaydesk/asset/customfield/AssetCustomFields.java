package dev.relaydesk.asset.customfield;

import dev.relaydesk.asset.inventory.AssetAccess;
import dev.relaydesk.asset.inventory.AssetTopics;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.customfield.FieldType;
import dev.relaydesk.contract.customfield.FieldValues;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import io.r2dbc.spi.Readable;
import java.time.Instant;
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
 * Asset custom fields: definitions (listed by administrators and technicians, defined by administrators) and values
 * (set by administrators and technicians, shown in an asset's {@code Fields}). Values are checked against the field's
 * type: checkboxes take true/false, dates a date in a common format (stored as ISO), combos one of their option ids.
 */
@Service
public class AssetCustomFields {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public AssetCustomFields(DatabaseClient db, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    public Mono<List<CustomField>> definitions(Caller caller) {
        return AssetAccess.asTechnician(caller, tx.transactional(fields()));
    }

    /** Defines a field; {@code options} only for selection combos. The new field's id. */
    public Mono<Long> define(Caller caller, String name, FieldType type, boolean mandatory, List<String> options) {
        return AssetAccess.asAdministrator(
                caller,
                tx.transactional(db.sql(
                                """
                                insert into asset_custom_fields (name, field_type, mandatory, position)
                                values (:name, :type, :mandatory,
                                        (select coalesce(max(position), 0) + 1 from asset_custom_fields))
                                returning id
                                """)
                        .bind("name", name)
                        .bind("type", type.code())
                        .bind("mandatory", mandatory)
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .flatMap(id -> Flux.fromIterable(type == FieldType.SELECTION_COMBO ? options : List.of())
                                .concatMap(option -> db.sql(
                                                "insert into asset_custom_field_options (field_id, name) values (:field, :name)")
                                        .bind("field", id)
                                        .bind("name", option)
                                        .then())
                                .then(Mono.just(id)))));
    }

    /** Sets (or, with an empty value, clears) a value; 404 for an unknown asset or field, 400 for a bad value. */
    public Mono<Void> set(Caller caller, long assetId, long fieldId, String value) {
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(requireAsset(assetId)
                        .then(fields())
                        .flatMap(all -> Mono.justOrEmpty(
                                all.stream().filter(f -> f.id() == fieldId).findFirst()))
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Custom field", fieldId)))
                        .flatMap(field -> {
                            String stored = value == null || value.isBlank() ? null : normalize(field, value);
                            Mono<Void> write = stored == null
                                    ? db.sql(
                                                    "delete from asset_custom_values where asset_id = :asset and field_id = :field")
                                            .bind("asset", assetId)
                                            .bind("field", fieldId)
                                            .then()
                                    : db.sql(
                                                    """
                                                    insert into asset_custom_values (asset_id, field_id, value)
                                                    values (:asset, :field, :value)
                                                    on conflict (tenant_id, asset_id, field_id)
                                                    do update set value = excluded.value
                                                    """)
                                            .bind("asset", assetId)
                                            .bind("field", fieldId)
                                            .bind("value", stored)
                                            .then();
                            return write.then(outbox.append(OutgoingEvent.of(
                                    AssetTopics.ASSETS,
                                    assetId,
                                    AssetCustomFieldSet.TYPE,
                                    new AssetCustomFieldSet(
                                            assetId, fieldId, stored, caller.userId(), Instant.now()))));
                        })));
    }

    /**
     * Every field with each asset's value (null when unset), by asset id; call inside a transaction. One query for the
     * values of all the assets, so a page of assets costs two queries, not one per asset.
     */
    public Mono<Map<Long, List<CustomFieldValue>>> valuesOf(List<Long> assetIds) {
        if (assetIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return fields().flatMap(fields -> db.sql(
                        "select asset_id, field_id, value from asset_custom_values where asset_id = any(:ids)")
                .bind("ids", assetIds.toArray(Long[]::new))
                .map(row -> new StoredValue(
                        row.get("asset_id", Long.class),
                        row.get("field_id", Long.class),
                        row.get("value", String.class)))
                .all()
                .collectList()
                .map(stored -> {
                    Map<Long, Map<Long, String>> byAsset = new HashMap<>();
                    for (StoredValue v : stored) {
                        byAsset.computeIfAbsent(v.assetId(), a -> new HashMap<>())
                                .put(v.fieldId(), v.value());
                    }
                    Map<Long, List<CustomFieldValue>> result = new HashMap<>();
                    for (Long assetId : assetIds) {
                        Map<Long, String> values = byAsset.getOrDefault(assetId, Map.of());
                        List<CustomFieldValue> list = new ArrayList<>();
                        for (CustomField field : fields) {
                            String v = values.get(field.id());
                            list.add(new CustomFieldValue(
                                    field.id(), field.name(), field.type(), v == null ? null : display(field, v)));
                        }
                        result.put(assetId, List.copyOf(list));
                    }
                    return result;
                }));
    }

    private record StoredValue(long assetId, long fieldId, String value) {}

    private Mono<Void> requireAsset(long assetId) {
        return db.sql("select id from assets where id = :id")
                .bind("id", assetId)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Asset", assetId)))
                .then();
    }

    private Mono<List<CustomField>> fields() {
        Mono<List<CustomField>> definitions = db.sql("select * from asset_custom_fields order by position, id")
                .map(AssetCustomFields::toFieldWithoutOptions)
                .all()
                .collectList();
        Mono<Map<Long, List<CustomField.Option>>> options = db.sql(
                        "select id, field_id, name from asset_custom_field_options order by id")
                .map(row -> new OptionRow(
                        row.get("field_id", Long.class),
                        new CustomField.Option(row.get("id", Long.class), row.get("name", String.class))))
                .all()
                .collectList()
                .map(rows -> {
                    Map<Long, List<CustomField.Option>> byField = new HashMap<>();
                    for (OptionRow r : rows) {
                        byField.computeIfAbsent(r.fieldId(), f -> new ArrayList<>())
                                .add(r.option());
                    }
                    return byField;
                });
        return definitions.zipWhen(list -> options, (list, byField) -> list.stream()
                .map(f -> new CustomField(
                        f.id(),
                        f.name(),
                        f.type(),
                        f.mandatory(),
                        f.position(),
                        List.copyOf(byField.getOrDefault(f.id(), List.of()))))
                .toList());
    }

    private record OptionRow(long fieldId, CustomField.Option option) {}

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
                row.get("name", String.class),
                FieldType.of(row.get("field_type", Integer.class)).orElseThrow(),
                Boolean.TRUE.equals(row.get("mandatory", Boolean.class)),
                row.get("position", Integer.class),
                List.of());
    }
}
