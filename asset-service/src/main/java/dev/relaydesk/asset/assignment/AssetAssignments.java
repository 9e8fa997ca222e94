package dev.relaydesk.asset.assignment;

import dev.relaydesk.asset.inventory.AssetAccess;
import dev.relaydesk.asset.inventory.AssetTopics;
import dev.relaydesk.asset.inventory.Assets;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which users an asset is assigned to and which tickets it is involved in (administrators and technicians change
 * them). Users and tickets must be known to the local read models; assigning twice or removing what is not there
 * changes nothing and publishes nothing. When user-service or ticket-service delete or merge a user or ticket, the
 * assignments and links follow here, with the same events (and no actor).
 */
@Service
public class AssetAssignments {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Assets assets;

    public AssetAssignments(DatabaseClient db, Outbox outbox, TransactionalOperator tx, Assets assets) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.assets = assets;
    }

    public Mono<Void> assignToUser(Caller caller, long assetId, long userId) {
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(assets.requireAsset(assetId)
                        .then(requireKnown(Link.USER, userId))
                        .then(add(Link.USER, assetId, userId, caller.userId()))));
    }

    public Mono<Void> unassignFromUser(Caller caller, long assetId, long userId) {
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(assets.requireAsset(assetId).then(remove(Link.USER, assetId, userId, caller))));
    }

    public Mono<Void> linkToTicket(Caller caller, long assetId, long ticketId) {
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(assets.requireAsset(assetId)
                        .then(requireKnown(Link.TICKET, ticketId))
                        .then(add(Link.TICKET, assetId, ticketId, caller.userId()))));
    }

    public Mono<Void> unlinkFromTicket(Caller caller, long assetId, long ticketId) {
        return AssetAccess.asTechnician(
                caller,
                tx.transactional(assets.requireAsset(assetId).then(remove(Link.TICKET, assetId, ticketId, caller))));
    }

    /** A user was deleted: their assignments go; call inside the consumer's transaction. */
    public Mono<Void> userDeleted(long userId) {
        return dropAll(Link.USER, userId);
    }

    /** User {@code fromUserId} was merged into {@code intoUserId}: the assignments move to the kept user. */
    public Mono<Void> usersMerged(long fromUserId, long intoUserId) {
        return moveAll(Link.USER, fromUserId, intoUserId);
    }

    /** A ticket was deleted: its asset links go; call inside the consumer's transaction. */
    public Mono<Void> ticketDeleted(long ticketId) {
        return dropAll(Link.TICKET, ticketId);
    }

    /** Ticket {@code fromTicketId} was merged into {@code intoTicketId}: the asset links move to the kept ticket. */
    public Mono<Void> ticketsMerged(long fromTicketId, long intoTicketId) {
        return moveAll(Link.TICKET, fromTicketId, intoTicketId);
    }

    private Mono<Void> requireKnown(Link link, long id) {
        return db.sql("select " + link.viewColumn + " from " + link.view + " where " + link.viewColumn + " = :id")
                .bind("id", id)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound(link.what, id)))
                .then();
    }

    private Mono<Void> add(Link link, long assetId, long otherId, Long actor) {
        return db.sql("insert into " + link.table + " (asset_id, " + link.column + ") values (:asset, :other)"
                        + " on conflict do nothing returning asset_id")
                .bind("asset", assetId)
                .bind("other", otherId)
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(added -> publish(link, true, assetId, otherId, actor));
    }

    private Mono<Void> remove(Link link, long assetId, long otherId, Caller caller) {
        return db.sql("delete from " + link.table + " where asset_id = :asset and " + link.column + " = :other"
                        + " returning asset_id")
                .bind("asset", assetId)
                .bind("other", otherId)
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(removed ->
                        publish(link, false, assetId, otherId, caller.userId()).thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> requireKnown(link, otherId).thenReturn(false)))
                .then();
    }

    private Mono<Void> dropAll(Link link, long otherId) {
        return db.sql("delete from " + link.table + " where " + link.column + " = :other returning asset_id")
                .bind("other", otherId)
                .map(row -> row.get(0, Long.class))
                .all()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(assetId -> publish(link, false, assetId, otherId, null))
                .then();
    }

    private Mono<Void> moveAll(Link link, long fromId, long intoId) {
        if (fromId == intoId) {
            return Mono.empty();
        }
        return db.sql("delete from " + link.table + " where " + link.column + " = :from returning asset_id")
                .bind("from", fromId)
                .map(row -> row.get(0, Long.class))
                .all()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(
                        assetId -> publish(link, false, assetId, fromId, null).then(add(link, assetId, intoId, null)))
                .then();
    }

    private Mono<Void> publish(Link link, boolean added, long assetId, long otherId, Long actor) {
        Instant now = Instant.now();
        Object data;
        String type;
        if (link == Link.USER) {
            type = added ? AssetAssignedToUser.TYPE : AssetUnassignedFromUser.TYPE;
            data = added
                    ? new AssetAssignedToUser(assetId, otherId, actor, now)
                    : new AssetUnassignedFromUser(assetId, otherId, actor, now);
        } else {
            type = added ? AssetLinkedToTicket.TYPE : AssetUnlinkedFromTicket.TYPE;
            data = added
                    ? new AssetLinkedToTicket(assetId, otherId, actor, now)
                    : new AssetUnlinkedFromTicket(assetId, otherId, actor, now);
        }
        return outbox.append(OutgoingEvent.of(AssetTopics.ASSETS, assetId, type, data));
    }

    /** The two kinds of link an asset has, with their tables and the read model that knows the other side. */
    private enum Link {
        USER("asset_users", "user_id", "user_view", "user_id", "User"),
        TICKET("asset_tickets", "ticket_id", "ticket_view", "ticket_id", "Ticket");

        private final String table;
        private final String column;
        private final String view;
        private final String viewColumn;
        private final String what;

        Link(String table, String column, String view, String viewColumn, String what) {
            this.table = table;
            this.column = column;
            this.view = view;
            this.viewColumn = viewColumn;
            this.what = what;
        }
    }
}
