package dev.relaydesk.automation.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.testkit.ApiTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The read model's batch reads and writes, which a batch of ticket events uses instead of a query per event. */
class TicketSnapshotsTest extends ApiTestSupport {

    @Autowired
    TicketSnapshots snapshots;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    <T> T inTenant(TenantId tenant, Mono<T> work) {
        return tx.transactional(work).contextWrite(Tenancy.of(tenant)).block();
    }

    static TicketSnapshot ticket(long id, Long category, Long assignee, boolean closed) {
        return new TicketSnapshot(
                id,
                "Subject " + id,
                "Body",
                category,
                1L,
                0L,
                "api",
                5L,
                assignee,
                null,
                null,
                List.of("a"),
                null,
                Map.of("7", "x"),
                Instant.parse("2026-11-01T10:00:00Z"),
                null,
                null,
                false,
                closed,
                null,
                null,
                null);
    }

    @Test
    void savingSeveralSnapshotsAtOnceInsertsAndUpdatesThemWithNullableColumns() {
        TenantId tenant = TenantId.of(newTenant());
        inTenant(tenant, snapshots.saveAll(List.of(ticket(1, 10L, null, false), ticket(2, null, 42L, true))));
        inTenant(tenant, snapshots.saveAll(List.of(ticket(2, 11L, 43L, false), ticket(3, null, null, false))));

        List<TicketSnapshot> found =
                inTenant(tenant, snapshots.findAll(List.of(1L, 2L, 3L, 4L)).collectList());
        assertThat(found)
                .extracting(TicketSnapshot::ticketId, TicketSnapshot::categoryId, TicketSnapshot::assignedToUserId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1L, 10L, null),
                        org.assertj.core.groups.Tuple.tuple(2L, 11L, 43L),
                        org.assertj.core.groups.Tuple.tuple(3L, null, null));
        assertThat(found).filteredOn(t -> t.ticketId() == 2).singleElement().satisfies(t -> {
            assertThat(t.open()).isTrue();
            assertThat(t.customFields()).containsEntry("7", "x");
        });
        // the indexed columns follow the snapshot: ticket 2 counts as open and assigned to 43
        assertThat(inTenant(tenant, snapshots.open().collectList()))
                .extracting(TicketSnapshot::ticketId)
                .containsExactly(1L, 2L, 3L);
        assertThat(inTenant(
                        tenant,
                        db.sql("select category_id, assignee_id from ticket_snapshots where ticket_id = 2")
                                .map(row -> row.get(0, Long.class) + "/" + row.get(1, Long.class))
                                .one()))
                .isEqualTo("11/43");
        // another tenant sees none of them
        assertThat(inTenant(
                        TenantId.of(newTenant()),
                        snapshots.findAll(List.of(1L, 2L, 3L)).collectList()))
                .isEmpty();
    }
}
