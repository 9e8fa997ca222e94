package dev.relaydesk.platform;

import dev.relaydesk.platform.config.PlatformProperties;
import dev.relaydesk.platform.inbox.Inbox;
import dev.relaydesk.platform.inbox.InboxRetention;
import dev.relaydesk.platform.observability.CallerLogContext;
import dev.relaydesk.platform.observability.TenantLogContext;
import dev.relaydesk.platform.observability.TraceContextCapture;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutboxRelay;
import dev.relaydesk.platform.outbox.OutboxRelayConnection;
import dev.relaydesk.platform.tenancy.AppRoleProvisioning;
import dev.relaydesk.platform.tenancy.RowLevelSecurityGuard;
import dev.relaydesk.platform.tenancy.TenantScopedTransactionManager;
import dev.relaydesk.platform.web.DialectErrorHandler;
import dev.relaydesk.platform.web.MethodNameNormalization;
import dev.relaydesk.platform.web.WhoAmIEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.r2dbc.spi.ConnectionFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform every service runs on: tenant-scoped transactions with row-level security behind them, the outbox and
 * its relay, idempotent consumption, Kafka error handling with dead-letter topics, dialect error shapes and the
 * {@code /platform/whoami} probe.
 */
@AutoConfiguration(before = R2dbcTransactionManagerAutoConfiguration.class)
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    ReactiveTransactionManager transactionManager(ConnectionFactory connectionFactory) {
        return new TenantScopedTransactionManager(connectionFactory);
    }

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    @ConditionalOnProperty(name = "relaydesk.platform.tenancy.enforce-row-level-security", matchIfMissing = true)
    RowLevelSecurityGuard rowLevelSecurityGuard(DatabaseClient db) {
        return new RowLevelSecurityGuard(db);
    }

    @Bean
    @ConditionalOnProperty(name = "relaydesk.platform.database.provision-app-role", matchIfMissing = true)
    AppRoleProvisioning appRoleProvisioning(Environment env) {
        return new AppRoleProvisioning(
                env.getRequiredProperty("spring.r2dbc.username"), env.getProperty("spring.r2dbc.password"));
    }

    /**
     * The relay's own database connection, outside the pool that serves requests. Under a burst of requests every
     * pooled connection was taken and hundreds of requests waited for one; the relay's turn came after theirs, so
     * committed events sat in the outbox for seconds (14 s at 1,000 UpdateTicket calls a second) before Kafka saw them.
     */
    @Bean(destroyMethod = "dispose")
    OutboxRelayConnection outboxRelayConnection(ConnectionFactory connectionFactory) {
        return OutboxRelayConnection.of(connectionFactory);
    }

    @Bean
    OutboxRelay outboxRelay(
            OutboxRelayConnection connection,
            KafkaTemplate<Object, Object> kafka,
            PlatformProperties properties,
            @Value("${spring.application.name}") String service,
            MeterRegistry meters) {
        return new OutboxRelay(connection.db(), connection.tx(), kafka, properties.outbox(), service, meters);
    }

    @Bean
    TraceContextCapture traceContextCapture(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        return t == null || p == null ? TraceContextCapture.none() : new TraceContextCapture(t, p);
    }

    @Bean
    Outbox outbox(DatabaseClient db, JsonMapper json, OutboxRelay relay, TraceContextCapture traces) {
        return new Outbox(db, json, relay, traces);
    }

    @Bean
    CallerLogContext callerLogContext() {
        TenantLogContext.register();
        return new CallerLogContext();
    }

    @Bean
    Inbox inbox(DatabaseClient db, TransactionalOperator tx, MeterRegistry meters) {
        return new Inbox(db, tx, meters);
    }

    @Bean
    InboxRetention inboxRetention(DatabaseClient db, PlatformProperties properties) {
        return new InboxRetention(
                db, properties.inbox().retention(), properties.inbox().pruneInterval());
    }

    /**
     * Retries a failing event with backoff, then parks it on {@code <topic>-dlt}; a record that cannot even be
     * deserialized goes there as raw bytes.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template, KafkaProperties kafka) {
        Map<String, Object> producer = kafka.buildProducerProperties();
        KafkaTemplate<byte[], byte[]> raw = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(producer, new ByteArraySerializer(), new ByteArraySerializer()));
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, raw);
        templates.put(Object.class, template);
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(5);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2);
        backOff.setMaxInterval(5_000);
        return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(templates), backOff);
    }

    @Bean
    DialectErrorHandler dialectErrorHandler(JsonMapper json) {
        return new DialectErrorHandler(json);
    }

    @Bean
    MethodNameNormalization methodNameNormalization() {
        return new MethodNameNormalization();
    }

    @Bean
    RouterFunction<ServerResponse> whoAmIEndpoint(@Value("${spring.application.name}") String service) {
        return WhoAmIEndpoint.routes(service);
    }
}
