package dev.relaydesk.platform.outbox;

import dev.relaydesk.platform.tenancy.TenantScopedTransactionManager;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A pool of one connection for the outbox relay, made from the same connection settings as the application's pool (the
 * pool's own factory when the application's is pooled), so the relay never waits in line behind requests.
 */
public final class OutboxRelayConnection {

    private final ConnectionPool pool;
    private final DatabaseClient db;
    private final TransactionalOperator tx;

    private OutboxRelayConnection(ConnectionPool pool) {
        this.pool = pool;
        this.db = DatabaseClient.create(pool);
        this.tx = TransactionalOperator.create(new TenantScopedTransactionManager(pool));
    }

    public static OutboxRelayConnection of(ConnectionFactory application) {
        ConnectionFactory target = application;
        if (application instanceof Wrapped<?> wrapped && application instanceof ConnectionPool) {
            Object inner = wrapped.unwrap();
            if (inner instanceof ConnectionFactory factory) {
                target = factory;
            }
        }
        return new OutboxRelayConnection(new ConnectionPool(ConnectionPoolConfiguration.builder(target)
                .name("outbox-relay")
                .initialSize(0)
                .maxSize(1)
                .maxIdleTime(Duration.ofMinutes(30))
                .build()));
    }

    public DatabaseClient db() {
        return db;
    }

    public TransactionalOperator tx() {
        return tx;
    }

    /** Closes the connection; bounded, since at shutdown the database may already be gone. */
    public void dispose() {
        pool.disposeLater().timeout(Duration.ofSeconds(5)).onErrorComplete().block();
    }
}
