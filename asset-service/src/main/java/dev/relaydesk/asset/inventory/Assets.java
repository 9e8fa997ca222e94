package dev.relaydesk.asset.inventory;

import dev.relaydesk.asset.customfield.AssetCustomFields;
import dev.relaydesk.asset.customfield.CustomFieldValue;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The asset inventory of a tenant: listing and reading (administrators and technicians), creating, updating, enabling
 * and disabling (administrators and technicians). Manufacturers, suppliers and types are entities created on first
 * use by name (case-insensitively unique per tenant). Every change publishes its event through the outbox.
 */
@Service
public class Assets {

    private static final String SELECT =
            """
            select a.id, a.model_name, a.serial_number, a.location, a.comments, a.quantity, a.company_id, a.disabled,
                   m.id as manufacturer_id, m.name as manufacturer_name, s.id as supplier_id, s.name as supplier_name,
                   t.id as type_id, t.name as type_name, c.name as company_name,
                   (select count(*) from asset_tickets l where l.asset_id = a.id) as ticket_count
            from assets a
            join asset_manufacturers m on m.id = a.manufacturer_id
            join asset_suppliers s on s.id = a.supplier_id
            join asset_types t on t.id = a.type_id
            left join company_view c on c.company_id = a.company_id
            """;

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final AssetCustomFields customFields;

    public Assets(DatabaseClient db, Outbox outbox, TransactionalOperator tx, AssetCustomFields customFields) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.customFields = customFields;
    }

    /** One page of assets (50), ordered by id; linked tickets are left out ({@code tickets} is null). */
    public Mono<List<Asset>> list(Caller caller, AssetQuery query) {
        if (query.page() < 1) {
            return Mono.error(ApiException.badParameter("page", "must be 1 or more"));
        }
        if (query.namePrefix() != null && query.namePrefix().length() < 3) {
            return Mono.error(ApiException.badParameter("nameprefix", "must be at least 3 characters"));
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> binds = new HashMap<>();
        if (!query.includeDisabled()) {
            where.add("not a.disabled");
        }
        if (query.assignedToUserId() != null) {
            where.add("exists (select 1 from asset_users au where au.asset_id = a.id and au.user_id = :user)");
            binds.put("user", query.assignedToUserId());
        }
        if (query.assignedToCompanyId() != null) {
            where.add(
                    """
                    (a.company_id = :company or exists (select 1 from asset_users au
                      join user_view u on u.user_id = au.user_id where au.asset_id = a.id and u.company_id = :company))
                    """);
            binds.put("company", query.assignedToCompanyId());
        }
        if (query.assignedToDepartmentId() != null) {
            where.add(
                    """
                    exists (select 1 from asset_users au join user_view u on u.user_id = au.user_id
                      where au.asset_id = a.id and u.department_id = :department)
                    """);
            binds.put("department", query.assignedToDepartmentId());
        }
        if (query.assignedToTicketId() != null) {
            where.add("exists (select 1 from asset_tickets l where l.asset_id = a.id and l.ticket_id = :ticket)");
            binds.put("ticket", query.assignedToTicketId());
        }
        if (query.namePrefix() != null) {
            where.add("lower(a.model_name) like :prefix");
            binds.put("prefix", likePrefix(query.namePrefix()));
        }
        String sql = SELECT + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by a.id limit " + AssetQuery.PAGE_SIZE + " offset "
                + (long) (query.page() - 1) * AssetQuery.PAGE_SIZE;
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        DatabaseClient.GenericExecuteSpec finalSpec = spec;
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(
                        finalSpec.map(Assets::toRow).all().collectList().flatMap(rows -> complete(rows, false))));
    }

    /** The asset with its linked tickets; 404 when there is none. */
    public Mono<Asset> get(Caller caller, long id) {
        return AssetAccess.asTechnician(caller, tx.transactional(load(id)));
    }

    /** Creates an asset; its id. */
    public Mono<Long> create(Caller caller, AssetDraft draft) {
        int quantity = draft.quantity() == null ? 1 : checkedQuantity(draft.quantity());
        Long companyId = draft.companyId() == null || draft.companyId() == 0 ? null : draft.companyId();
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(requireCompany(companyId)
                        .then(entries(
                                catalogEntry(Catalog.MANUFACTURERS, draft.manufacturer()),
                                catalogEntry(Catalog.SUPPLIERS, draft.supplier()),
                                catalogEntry(Catalog.TYPES, draft.type())))
                        .flatMap(entries -> {
                            Asset.CatalogEntry manufacturer = entries.manufacturer();
                            Asset.CatalogEntry supplier = entries.supplier();
                            Asset.CatalogEntry type = entries.type();
                            DatabaseClient.GenericExecuteSpec insert = db.sql(
                                            """
                                            insert into assets (model_name, manufacturer_id, supplier_id, type_id,
                                              serial_number, location, comments, quantity, company_id)
                                            values (:model, :manufacturer, :supplier, :type, :serial, :location,
                                              :comments, :quantity, :company)
                                            returning id
                                            """)
                                    .bind("model", draft.modelName())
                                    .bind("manufacturer", manufacturer.id())
                                    .bind("supplier", supplier.id())
                                    .bind("type", type.id())
                                    .bind("quantity", quantity);
                            insert = bindText(insert, "serial", emptyToNull(draft.serialNumber()));
                            insert = bindText(insert, "location", emptyToNull(draft.location()));
                            insert = bindText(insert, "comments", emptyToNull(draft.comments()));
                            insert = companyId == null
                                    ? insert.bindNull("company", Long.class)
                                    : insert.bind("company", companyId);
                            return insert.map(row -> row.get(0, Long.class))
                                    .one()
                                    .flatMap(id -> outbox.append(OutgoingEvent.of(
                                                    AssetTopics.ASSETS,
                                                    id,
                                                    AssetCreated.TYPE,
                                                    new AssetCreated(
                                                            id,
                                                            draft.modelName(),
                                                            manufacturer.id(),
                                                            manufacturer.name(),
                                                            supplier.id(),
                                                            supplier.name(),
                                                            type.id(),
                                                            type.name(),
                                                            emptyToNull(draft.serialNumber()),
                                                            emptyToNull(draft.location()),
                                                            emptyToNull(draft.comments()),
                                                            quantity,
                                                            companyId,
                                                            caller.userId(),
                                                            Instant.now())))
                                            .thenReturn(id));
                        })));
    }

    /** Changes the given fields (null leaves a field as it is); the asset as it now is. */
    public Mono<Asset> update(Caller caller, long id, AssetDraft draft) {
        Integer quantity = draft.quantity() == null ? null : checkedQuantity(draft.quantity());
        return AssetAccess.asTechnician(
                caller, tx.transactional(lock(id).then(load(id)).flatMap(existing -> {
                    Long companyId = draft.companyId() == null
                            ? existing.companyId()
                            : draft.companyId() == 0 ? null : draft.companyId();
                    return requireCompany(draft.companyId() == null ? null : companyId)
                            .then(entries(
                                    draft.manufacturer() == null
                                            ? Mono.just(existing.manufacturer())
                                            : catalogEntry(Catalog.MANUFACTURERS, draft.manufacturer()),
                                    draft.supplier() == null
                                            ? Mono.just(existing.supplier())
                                            : catalogEntry(Catalog.SUPPLIERS, draft.supplier()),
                                    draft.type() == null
                                            ? Mono.just(existing.type())
                                            : catalogEntry(Catalog.TYPES, draft.type())))
                            .flatMap(entries -> {
                                String modelName = draft.modelName() == null ? existing.modelName() : draft.modelName();
                                String serial = draft.serialNumber() == null
                                        ? existing.serialNumber()
                                        : emptyToNull(draft.serialNumber());
                                String location =
                                        draft.location() == null ? existing.location() : emptyToNull(draft.location());
                                String comments =
                                        draft.comments() == null ? existing.comments() : emptyToNull(draft.comments());
                                int newQuantity = quantity == null ? existing.quantity() : quantity;
                                DatabaseClient.GenericExecuteSpec update = db.sql(
                                                """
                                                update assets set model_name = :model, manufacturer_id = :manufacturer,
                                                  supplier_id = :supplier, type_id = :type, serial_number = :serial,
                                                  location = :location, comments = :comments, quantity = :quantity,
                                                  company_id = :company, updated_at = now()
                                                where id = :id
                                                """)
                                        .bind("id", id)
                                        .bind("model", modelName)
                                        .bind(
                                                "manufacturer",
                                                entries.manufacturer().id())
                                        .bind("supplier", entries.supplier().id())
                                        .bind("type", entries.type().id())
                                        .bind("quantity", newQuantity);
                                update = bindText(update, "serial", serial);
                                update = bindText(update, "location", location);
                                update = bindText(update, "comments", comments);
                                update = companyId == null
                                        ? update.bindNull("company", Long.class)
                                        : update.bind("company", companyId);
                                return update.then()
                                        .then(outbox.append(OutgoingEvent.of(
                                                AssetTopics.ASSETS,
                                                id,
                                                AssetUpdated.TYPE,
                                                new AssetUpdated(
                                                        id,
                                                        modelName,
                                                        entries.manufacturer().id(),
                                                        entries.manufacturer().name(),
                                                        entries.supplier().id(),
                                                        entries.supplier().name(),
                                                        entries.type().id(),
                                                        entries.type().name(),
                                                        serial,
                                                        location,
                                                        comments,
                                                        newQuantity,
                                                        companyId,
                                                        existing.disabled(),
                                                        caller.userId(),
                                                        Instant.now()))))
                                        .then(load(id));
                            });
                })));
    }

    /** Disables (retires) or enables an asset; publishes an event only when its state changes. */
    public Mono<Void> setDisabled(Caller caller, long id, boolean disabled) {
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(db.sql(
                                """
                                update assets set disabled = :disabled, updated_at = now()
                                where id = :id and disabled <> :disabled returning id
                                """)
                        .bind("id", id)
                        .bind("disabled", disabled)
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .flatMap(changed -> outbox.append(OutgoingEvent.of(
                                        AssetTopics.ASSETS,
                                        id,
                                        disabled ? AssetDisabled.TYPE : AssetEnabled.TYPE,
                                        disabled
                                                ? new AssetDisabled(id, caller.userId(), Instant.now())
                                                : new AssetEnabled(id, caller.userId(), Instant.now())))
                                .thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> requireAsset(id).thenReturn(false)))
                        .then()));
    }

    /** Empty when the asset exists, a 404 otherwise; call inside a transaction. */
    public Mono<Void> requireAsset(long id) {
        return db.sql("select id from assets where id = :id")
                .bind("id", id)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Asset", id)))
                .then();
    }

    private Mono<Void> lock(long id) {
        return db.sql("select id from assets where id = :id for update")
                .bind("id", id)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Asset", id)))
                .then();
    }

    private Mono<Void> requireCompany(Long companyId) {
        if (companyId == null) {
            return Mono.empty();
        }
        return db.sql("select company_id from company_view where company_id = :id")
                .bind("id", companyId)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Company", companyId)))
                .then();
    }

    private Mono<Asset> load(long id) {
        return db.sql(SELECT + " where a.id = :id")
                .bind("id", id)
                .map(Assets::toRow)
                .all()
                .collectList()
                .flatMap(rows -> complete(rows, true))
                .flatMap(list ->
                        list.isEmpty() ? Mono.error(ApiException.notFound("Asset", id)) : Mono.just(list.getFirst()));
    }

    /** Adds assigned users, custom field values and (for a single asset) linked tickets: a few queries per page. */
    private Mono<List<Asset>> complete(List<Row> rows, boolean withTickets) {
        if (rows.isEmpty()) {
            return Mono.just(List.of());
        }
        List<Long> ids = rows.stream().map(Row::id).toList();
        Long[] idArray = ids.toArray(Long[]::new);
        Mono<Map<Long, List<Asset.AssignedUser>>> users = db.sql(
                        """
                        select au.asset_id, au.user_id, u.username, u.email, u.first_name, u.last_name
                        from asset_users au left join user_view u on u.user_id = au.user_id
                        where au.asset_id = any(:ids) order by au.assigned_at, au.user_id
                        """)
                .bind("ids", idArray)
                .map(row -> Map.entry(
                        row.get("asset_id", Long.class),
                        new Asset.AssignedUser(
                                row.get("user_id", Long.class),
                                row.get("username", String.class),
                                row.get("email", String.class),
                                row.get("first_name", String.class),
                                row.get("last_name", String.class))))
                .all()
                .collectList()
                .map(Assets::group);
        Mono<Map<Long, List<Asset.LinkedTicket>>> tickets = !withTickets
                ? Mono.just(Map.of())
                : db.sql(
                                """
                                select l.asset_id, l.ticket_id, t.subject, t.status_id
                                from asset_tickets l left join ticket_view t on t.ticket_id = l.ticket_id
                                where l.asset_id = any(:ids) order by l.ticket_id
                                """)
                        .bind("ids", idArray)
                        .map(row -> Map.entry(
                                row.get("asset_id", Long.class),
                                new Asset.LinkedTicket(
                                        row.get("ticket_id", Long.class),
                                        row.get("subject", String.class),
                                        row.get("status_id", Long.class))))
                        .all()
                        .collectList()
                        .map(Assets::group);
        return users.zipWhen(u -> tickets)
                .zipWhen(ut -> customFields.valuesOf(ids))
                .map(all -> {
                    Map<Long, List<Asset.AssignedUser>> byUser = all.getT1().getT1();
                    Map<Long, List<Asset.LinkedTicket>> byTicket = all.getT1().getT2();
                    Map<Long, List<CustomFieldValue>> fields = all.getT2();
                    return rows.stream()
                            .map(r -> new Asset(
                                    r.id(),
                                    r.modelName(),
                                    r.manufacturer(),
                                    r.supplier(),
                                    r.type(),
                                    r.serialNumber(),
                                    r.location(),
                                    r.comments(),
                                    r.quantity(),
                                    r.companyId(),
                                    r.companyName(),
                                    r.disabled(),
                                    r.ticketCount(),
                                    byUser.getOrDefault(r.id(), List.of()),
                                    withTickets ? byTicket.getOrDefault(r.id(), List.of()) : null,
                                    fields.getOrDefault(r.id(), List.of())))
                            .toList();
                });
    }

    private static <T> Map<Long, List<T>> group(List<Map.Entry<Long, T>> entries) {
        Map<Long, List<T>> result = new HashMap<>();
        for (Map.Entry<Long, T> e : entries) {
            result.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return result;
    }

    /** The manufacturer, supplier or type with this name (case-insensitively), created when there is none. */
    private Mono<Asset.CatalogEntry> catalogEntry(Catalog catalog, String name) {
        String trimmed = name.trim();
        return db.sql("insert into " + catalog.table + " (name) values (:name) on conflict (tenant_id, lower(name))"
                        + " do nothing returning id, name")
                .bind("name", trimmed)
                .map(Assets::toEntry)
                .one()
                .switchIfEmpty(Mono.defer(
                        () -> db.sql("select id, name from " + catalog.table + " where lower(name) = lower(:name)")
                                .bind("name", trimmed)
                                .map(Assets::toEntry)
                                .one()));
    }

    /** Resolves the three catalog entries one after the other (one connection, one query at a time). */
    private static Mono<Entries> entries(
            Mono<Asset.CatalogEntry> manufacturer, Mono<Asset.CatalogEntry> supplier, Mono<Asset.CatalogEntry> type) {
        return manufacturer.flatMap(m -> supplier.flatMap(s -> type.map(t -> new Entries(m, s, t))));
    }

    private record Entries(Asset.CatalogEntry manufacturer, Asset.CatalogEntry supplier, Asset.CatalogEntry type) {}

    private enum Catalog {
        MANUFACTURERS("asset_manufacturers"),
        SUPPLIERS("asset_suppliers"),
        TYPES("asset_types");

        private final String table;

        Catalog(String table) {
            this.table = table;
        }
    }

    private static Asset.CatalogEntry toEntry(Readable row) {
        return new Asset.CatalogEntry(row.get("id", Long.class), row.get("name", String.class));
    }

    private static int checkedQuantity(int quantity) {
        if (quantity < 0) {
            throw ApiException.badParameter("quantity", "must not be negative");
        }
        return quantity;
    }

    private static String likePrefix(String prefix) {
        String escaped = prefix.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return escaped + "%";
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static DatabaseClient.GenericExecuteSpec bindText(
            DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private record Row(
            long id,
            String modelName,
            Asset.CatalogEntry manufacturer,
            Asset.CatalogEntry supplier,
            Asset.CatalogEntry type,
            String serialNumber,
            String location,
            String comments,
            int quantity,
            Long companyId,
            String companyName,
            boolean disabled,
            long ticketCount) {}

    private static Row toRow(Readable row) {
        return new Row(
                row.get("id", Long.class),
                row.get("model_name", String.class),
                new Asset.CatalogEntry(
                        row.get("manufacturer_id", Long.class), row.get("manufacturer_name", String.class)),
                new Asset.CatalogEntry(row.get("supplier_id", Long.class), row.get("supplier_name", String.class)),
                new Asset.CatalogEntry(row.get("type_id", Long.class), row.get("type_name", String.class)),
                row.get("serial_number", String.class),
                row.get("location", String.class),
                row.get("comments", String.class),
                row.get("quantity", Integer.class),
                row.get("company_id", Long.class),
                row.get("company_name", String.class),
                Boolean.TRUE.equals(row.get("disabled", Boolean.class)),
                row.get("ticket_count", Long.class));
    }
}
