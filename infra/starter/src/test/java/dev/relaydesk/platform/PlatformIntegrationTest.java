package dev.relaydesk.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.outbox.OutboxRelay;
import dev.relaydesk.platform.tenancy.RowLevelSecurityGuard;
import dev.relaydesk.testkit.InternalTokens;
import dev.relaydesk.testkit.RelaydeskTestInfrastructure;
import dev.relaydesk.testkit.ServiceTest;
import dev.relaydesk.testkit.SharedInfrastructure;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

@ServiceTest
class PlatformIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    OutboxRelay relay;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DatabaseClient db;

    static String token(String tenant, long user, String... roles) {
        return "Bearer " + InternalTokens.mint(tenant, user, roles);
    }

    long addNote(String tenant, String text) {
        Map<?, ?> body = web.post()
                .uri(u -> u.path("/notes").queryParam("text", text).build())
                .header("Authorization", token(tenant, 7, "user"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    long count(String tenant) throws Exception {
        try (Connection c = adminConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("select count from note_counts where tenant_id = '" + tenant + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    long outboxRows(String tenant) throws Exception {
        try (Connection c = adminConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("select count(*) from relaydesk_outbox where tenant_id = '" + tenant + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Connection adminConnection() throws Exception {
        var pg = SharedInfrastructure.postgres();
        return DriverManager.getConnection(
                pg.jdbcUrl(RelaydeskTestInfrastructure.databaseName("platform-test")),
                pg.adminUser(),
                pg.adminPassword());
    }

    @Nested
    class InternalTokenSecurity {

        @Test
        void callWithoutTokenIsUnauthorized() {
            web.get().uri("/platform/whoami").exchange().expectStatus().isUnauthorized();
        }

        @Test
        void tokenSignedByAnotherKeyIsUnauthorized() {
            web.get()
                    .uri("/platform/whoami")
                    .header("Authorization", "Bearer " + InternalTokens.mintWithUnknownKey("acme", 1, "admin"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }

        @Test
        void malformedBearerHeaderIsUnauthorized() {
            web.get()
                    .uri("/platform/whoami")
                    .header("Authorization", token("acme", 1, "admin") + " trailing")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }

        @Test
        void bearerSchemeIsCaseInsensitive() {
            web.get()
                    .uri("/platform/whoami")
                    .header("Authorization", token("acme", 1, "admin").replace("Bearer ", "bEARER "))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        @Test
        void expiredTokenIsUnauthorized() {
            web.get()
                    .uri("/platform/whoami")
                    .header("Authorization", "Bearer " + InternalTokens.mintExpired("acme", 1, "admin"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }

        @Test
        void whoAmIReportsTenantUserAndRolesFromTheToken() {
            web.get()
                    .uri("/platform/whoami")
                    .header("Authorization", token("acme", 42, "technician", "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.service")
                    .isEqualTo("platform-test")
                    .jsonPath("$.tenant")
                    .isEqualTo("acme")
                    .jsonPath("$.userId")
                    .isEqualTo(42)
                    .jsonPath("$.roles")
                    .isEqualTo(List.of("admin", "technician"));
        }

        @Test
        void aVerifiedTokenIsServedFromTheCacheOnItsNextUse(
                @Autowired org.springframework.security.oauth2.jwt.ReactiveJwtDecoder decoder) {
            String token = InternalTokens.mint("acme", 9, "user");
            var first = decoder.decode(token).block();
            var second = decoder.decode(token).block();
            assertThat(decoder).isInstanceOf(dev.relaydesk.platform.security.VerifiedTokenCache.class);
            assertThat(second).isSameAs(first);
        }

        @Test
        void healthIsOpenForProbes() {
            web.get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .expectStatus()
                    .isOk();
            web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        }

        @Test
        void prometheusMetricsAreExposed() {
            web.get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("application=\"platform-test\""));
        }
    }

    @Nested
    class Tenancy {

        @Test
        void aQueryThatForgetsTheTenantFilterStillSeesOnlyTheCallersTenant() {
            addNote("tenant-a", "secret of a");
            addNote("tenant-b", "secret of b");

            List<String> seenByA = web.get()
                    .uri("/notes/all-texts")
                    .header("Authorization", token("tenant-a", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(new org.springframework.core.ParameterizedTypeReference<List<String>>() {})
                    .returnResult()
                    .getResponseBody();
            assertThat(seenByA).contains("secret of a").doesNotContain("secret of b");
        }

        @Test
        void anotherTenantsRowIsNotFound() {
            long id = addNote("tenant-a", "only for a");
            web.get()
                    .uri("/api/Note?id=" + id)
                    .header("Authorization", token("tenant-b", 1, "admin"))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            web.get()
                    .uri("/api/Note?id=" + id)
                    .header("Authorization", token("tenant-a", 1, "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        @Test
        void aTransactionWithoutTenantSeesNoTenantRows() {
            addNote("tenant-a", "invisible without tenant");
            Long visible = db.sql("select count(*) from notes")
                    .map(row -> row.get(0, Long.class))
                    .one()
                    .block();
            assertThat(visible).isZero();
        }

        @Test
        void logsOfARequestCarryTheCallersTenant() {
            web.get()
                    .uri("/notes/log-tenant")
                    .header("Authorization", token("tenant-a", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("tenant-a");
        }

        @Test
        void theServiceRoleCannotBypassRowLevelSecurity() {
            Map<String, Object> role = db.sql(
                            "select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user")
                    .fetch()
                    .one()
                    .block();
            assertThat(role).containsEntry("rolsuper", false).containsEntry("rolbypassrls", false);
        }

        @Test
        void startupGuardAcceptsATableThatOptsOutInWriting() throws Exception {
            try (Connection c = adminConnection()) {
                c.createStatement().execute("create table search_index (id int, tenant_id text)");
                c.createStatement()
                        .execute("comment on table search_index is"
                                + " 'relaydesk:no-rls queries filter by tenant_id themselves'");
            }
            try {
                new RowLevelSecurityGuard(db).run(null);
                try (Connection c = adminConnection()) {
                    c.createStatement().execute("comment on table search_index is 'a search index'");
                }
                assertThatThrownBy(() -> new RowLevelSecurityGuard(db).run(null))
                        .hasMessageContaining("search_index");
            } finally {
                try (Connection c = adminConnection()) {
                    c.createStatement().execute("drop table search_index");
                }
            }
        }

        @Test
        void startupGuardRejectsATenantTableWithoutRowLevelSecurity() throws Exception {
            try (Connection c = adminConnection()) {
                c.createStatement().execute("create table forgotten_policy (id int, tenant_id text)");
            }
            try {
                assertThatThrownBy(() -> new RowLevelSecurityGuard(db).run(null))
                        .hasMessageContaining("forgotten_policy");
            } finally {
                try (Connection c = adminConnection()) {
                    c.createStatement().execute("drop table forgotten_policy");
                }
            }
        }
    }

    @Nested
    class ContextPropagation {

        @Test
        void theTenantIsRestoredAsAThreadLocalButTheExchangeIsNot() {
            List<Object> keys = ContextRegistry.getInstance().getThreadLocalAccessors().stream()
                    .map(ThreadLocalAccessor::key)
                    .toList();

            assertThat(keys).contains(TenantId.class).doesNotContain(ServerWebExchange.class);
        }
    }

    @Nested
    class ConnectionLoss {

        /**
         * PostgreSQL closing every pooled connection (a restart, a failover, {@code pg_terminate_backend}) costs no
         * request: each dead connection fails validation when it is acquired and the pool tries the next, then opens a
         * fresh one. With the pool's default of one retry, requests answered 500 until the dead connections were used
         * up, two per request.
         */
        @Test
        void requestsAfterTheServerClosedEveryPooledConnectionSucceed() throws Exception {
            Flux.range(0, 20)
                    .flatMap(i -> db.sql("select pg_sleep(0.2)").then(), 20)
                    .blockLast(Duration.ofSeconds(30));
            long pooled;
            try (Connection c = adminConnection();
                    ResultSet rs = c.createStatement()
                            .executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                                    + " where datname = current_database() and pid <> pg_backend_pid()")) {
                rs.next();
                pooled = rs.getLong(1);
            }
            assertThat(pooled).isGreaterThanOrEqualTo(20);
            Thread.sleep(300); // the clients see their sockets closed

            String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 3; i++) {
                addNote(tenant, "after the connections were lost " + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> count(tenant) == 3);
        }
    }

    @Nested
    class OutboxAndInbox {

        @Test
        void aWriteCommitsItsEventWhichIsPublishedAsACloudEventAndAppliedOnce() throws Exception {
            String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
            long id = addNote(tenant, "hello");

            await().atMost(Duration.ofSeconds(20)).until(() -> count(tenant) == 1);
            assertThat(outboxRows(tenant)).isZero();

            CloudEvent event = readEvent(tenant + ":" + id);
            assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(event.getType()).isEqualTo("relaydesk.test.note-added.v1");
            assertThat(event.getSource().toString()).isEqualTo("/relaydesk/platform-test");
            assertThat(event.getSubject()).isEqualTo(String.valueOf(id));
            assertThat(event.getExtension("tenant")).isEqualTo(tenant);
            assertThat(new String(event.getData().toBytes()))
                    .contains("\"noteId\":" + id)
                    .contains("\"text\":\"hello\"");
        }

        @Test
        void theEventContinuesTheTraceOfTheRequestThatWroteIt() {
            String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            Map<?, ?> body = web.post()
                    .uri(u -> u.path("/notes").queryParam("text", "traced").build())
                    .header("Authorization", token(tenant, 7, "user"))
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            String key = tenant + ":" + body.get("id");
            var record =
                    TopicReader.first(PlatformTestApplication.TOPIC, r -> key.equals(r.key()), Duration.ofSeconds(20));
            var header = record.headers().lastHeader("traceparent");
            assertThat(header).isNotNull();
            assertThat(new String(header.value())).startsWith("00-" + traceId + "-");
        }

        @Test
        void aRedeliveredEventIsAppliedOnlyOnce() throws Exception {
            String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
            long id = addNote(tenant, "once");
            await().atMost(Duration.ofSeconds(20)).until(() -> count(tenant) == 1);
            double duplicatesBefore = duplicates();

            CloudEvent event = readEvent(tenant + ":" + id);
            try (KafkaProducer<String, CloudEvent> producer = producer()) {
                producer.send(new ProducerRecord<>(PlatformTestApplication.TOPIC, tenant + ":" + id, event))
                        .get();
                producer.send(new ProducerRecord<>(PlatformTestApplication.TOPIC, tenant + ":" + id, event))
                        .get();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 2);
            assertThat(count(tenant)).isEqualTo(1);
        }

        @Test
        void anEventCommittedWhileTheRelayIsStoppedArrivesAfterItRestarts() throws Exception {
            String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
            relay.stop();
            try {
                addNote(tenant, "while stopped");
                assertThat(outboxRows(tenant)).isEqualTo(1);
                await().during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(3))
                        .until(() -> count(tenant) == 0);
            } finally {
                relay.start();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> count(tenant) == 1);
            assertThat(outboxRows(tenant)).isZero();
        }

        @Test
        void appliedEventIdsOlderThanTheRetentionAreForgotten() throws Exception {
            try (Connection c = adminConnection()) {
                c.createStatement()
                        .execute("insert into relaydesk_inbox (consumer, event_id, tenant_id, event_type, applied_at)"
                                + " values ('retention-test', 'old', 'acme', 't', now() - interval '30 days'),"
                                + " ('retention-test', 'recent', 'acme', 't', now() - interval '1 day')");
            }
            assertThat(retention.prune().block()).isGreaterThanOrEqualTo(1);
            try (Connection c = adminConnection();
                    ResultSet rs = c.createStatement()
                            .executeQuery("select event_id from relaydesk_inbox where consumer = 'retention-test'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("recent");
                assertThat(rs.next()).isFalse();
            }
        }

        @Autowired
        dev.relaydesk.platform.inbox.InboxRetention retention;

        @Test
        void anEventOutsideATransactionIsRefused() {
            var outbox =
                    org.springframework.test.util.AopTestUtils.<dev.relaydesk.platform.outbox.Outbox>getTargetObject(
                            outboxBean);
            assertThatThrownBy(() -> outbox.append(dev.relaydesk.platform.outbox.OutgoingEvent.of(
                                    "test.notes", 1, "relaydesk.test.note-added.v1", Map.of()))
                            .block())
                    .hasMessageContaining("transaction");
        }

        @Autowired
        dev.relaydesk.platform.outbox.Outbox outboxBean;

        @Autowired
        dev.relaydesk.platform.inbox.Inbox inbox;

        @Autowired
        org.springframework.transaction.reactive.TransactionalOperator tx;

        @Test
        void aTransactionsEventsAreWrittenAtItsCommitInTheOrderTheyWereAppendedAndNotAtAllWhenItRollsBack()
                throws Exception {
            var tenant = dev.relaydesk.contract.TenantId.of(
                    "order-" + UUID.randomUUID().toString().substring(0, 8));
            relay.stop();
            try {
                reactor.core.publisher.Mono<Void> three = reactor.core.publisher.Flux.range(1, 3)
                        .concatMap(i -> outboxBean.append(dev.relaydesk.platform.outbox.OutgoingEvent.of(
                                "test.notes", 7, "relaydesk.test.step-" + i + ".v1", Map.of("step", i))))
                        .then();
                tx.transactional(three)
                        .contextWrite(dev.relaydesk.platform.tenancy.Tenancy.of(tenant))
                        .block();
                reactor.core.publisher.Mono<Void> failing = outboxBean
                        .append(dev.relaydesk.platform.outbox.OutgoingEvent.of(
                                "test.notes", 8, "relaydesk.test.lost.v1", Map.of()))
                        .then(reactor.core.publisher.Mono.error(new IllegalStateException("change failed")));
                assertThatThrownBy(() -> tx.transactional(failing)
                                .contextWrite(dev.relaydesk.platform.tenancy.Tenancy.of(tenant))
                                .block())
                        .hasMessageContaining("change failed");

                List<String> types = new java.util.ArrayList<>();
                try (Connection c = adminConnection();
                        ResultSet rs = c.createStatement()
                                .executeQuery("select event_type, event_key, payload::text from relaydesk_outbox"
                                        + " where tenant_id = '" + tenant.value() + "' order by id")) {
                    while (rs.next()) {
                        types.add(rs.getString(1));
                        assertThat(rs.getString(2)).isEqualTo(tenant.value() + ":7");
                        assertThat(rs.getString(3)).contains("\"step\"");
                    }
                }
                assertThat(types)
                        .containsExactly(
                                "relaydesk.test.step-1.v1", "relaydesk.test.step-2.v1", "relaydesk.test.step-3.v1");
            } finally {
                relay.start();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(tenant.value()) == 0);
        }

        @Test
        void theBatchInboxAnswersOnlyEventsNotAppliedBefore() {
            var tenant = dev.relaydesk.contract.TenantId.of(
                    "batch-" + UUID.randomUUID().toString().substring(0, 8));
            CloudEvent first = event("a"), second = event("b"), third = event("c");

            var once = tx.transactional(inbox.firstTimeOnly("batch-consumer", tenant, List.of(first, second, first)))
                    .contextWrite(dev.relaydesk.platform.tenancy.Tenancy.of(tenant))
                    .block();
            var again = tx.transactional(inbox.firstTimeOnly("batch-consumer", tenant, List.of(second, third)))
                    .contextWrite(dev.relaydesk.platform.tenancy.Tenancy.of(tenant))
                    .block();

            assertThat(once).extracting(CloudEvent::getId).containsExactly(first.getId(), second.getId());
            assertThat(again).extracting(CloudEvent::getId).containsExactly(third.getId());
        }

        @Test
        void aPolledBatchIsAppliedOncePerEventInOrderAndAFailingEventIsNamedToTheErrorHandler() throws Exception {
            String t1 = "each-" + UUID.randomUUID().toString().substring(0, 8);
            String t2 = "each-" + UUID.randomUUID().toString().substring(0, 8);
            CloudEvent a = event("a", t1), b = event("b", t1), c = event("c", t2), d = event("d", t1);
            CloudEvent poison = event("poison", t1);
            java.util.function.Function<CloudEvent, reactor.core.publisher.Mono<?>> effect =
                    e -> e.getType().contains("poison")
                            ? reactor.core.publisher.Mono.error(new IllegalStateException("cannot apply"))
                            : db.sql(
                                            """
                                            insert into note_counts (count) values (1)
                                            on conflict (tenant_id) do update set count = note_counts.count + 1
                                            """)
                                    .then();
            var records =
                    List.of(record(0, a), record(1, b), record(2, a), record(3, c), record(4, poison), record(5, d));

            assertThatThrownBy(() -> inbox.applyEachOnce("each-consumer", records, effect, Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(
                            org.springframework.kafka.listener.BatchListenerFailedException.class,
                            failed -> assertThat(failed.getRecord()).isSameAs(records.get(4)));
            assertThat(count(t1)).isEqualTo(2);
            assertThat(count(t2)).isEqualTo(1);

            // the error handler retries from the failing record: what was applied stays applied once
            inbox.applyEachOnce(
                    "each-consumer", List.of(record(0, a), record(1, b), record(5, d)), effect, Duration.ofSeconds(10));
            assertThat(count(t1)).isEqualTo(3);
            assertThat(count(t2)).isEqualTo(1);
        }

        org.apache.kafka.clients.consumer.ConsumerRecord<String, CloudEvent> record(long offset, CloudEvent event) {
            return new org.apache.kafka.clients.consumer.ConsumerRecord<>("each-topic", 0, offset, "k", event);
        }

        CloudEvent event(String name, String tenant) {
            return io.cloudevents.core.builder.CloudEventBuilder.v1(event(name))
                    .withExtension("tenant", tenant)
                    .build();
        }

        CloudEvent event(String name) {
            return io.cloudevents.core.builder.CloudEventBuilder.v1()
                    .withId(UUID.randomUUID().toString())
                    .withSource(java.net.URI.create("/test"))
                    .withType("relaydesk.test." + name + ".v1")
                    .build();
        }

        double duplicates() {
            var counter = meters.find("relaydesk.inbox.events")
                    .tags("consumer", "note-counter", "outcome", "duplicate")
                    .counter();
            return counter == null ? 0 : counter.count();
        }

        CloudEvent readEvent(String key) {
            return TopicReader.first(PlatformTestApplication.TOPIC, r -> key.equals(r.key()), Duration.ofSeconds(20))
                    .value();
        }

        KafkaProducer<String, CloudEvent> producer() {
            return new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName()));
        }
    }

    @Nested
    class Errors {

        @Test
        void missingParameterIsA400NamingIt() {
            web.post()
                    .uri("/notes")
                    .header("Authorization", token("acme", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("text"));
        }

        @Test
        void malformedNumberIsA400NamingTheParameterInPlainTextForTheMethodDialect() {
            web.get()
                    .uri("/api/Note?id=abc")
                    .header("Authorization", token("acme", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("'id'"));
        }

        @Test
        void missingParameterInTheMethodDialectNamesIt() {
            web.get()
                    .uri("/api/Note")
                    .header("Authorization", token("acme", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(String.class)
                    .isEqualTo("Parameter 'id' is required");
        }

        @Test
        void v2ErrorsUseTheErrorsArrayShape() {
            web.get()
                    .uri("/api/v2/notes/abc")
                    .header("Authorization", token("acme", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].code")
                    .isEqualTo(400)
                    .jsonPath("$.errors[0].details")
                    .value(d -> assertThat((String) d).contains("'id'"));
        }

        @Test
        void unknownIdIsA404() {
            web.get()
                    .uri("/api/Note?id=987654321")
                    .header("Authorization", token("acme", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody(String.class)
                    .isEqualTo("Note 987654321 was not found");
        }

        @Test
        void anUnexpectedFailureIsA500WithoutInternalDetail() {
            web.get()
                    .uri("/notes/boom")
                    .header("Authorization", token("acme", 1, "user"))
                    .exchange()
                    .expectStatus()
                    .is5xxServerError()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).doesNotContain("secret internal detail"));
        }
    }
}
