package dev.relaydesk.user.credential;

import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.user.permission.Access;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The tenant's shared secret (the seed's "shared secret" setting), which keys the HMAC of its user tokens. It is made
 * on first use; rotating it invalidates every user token of the tenant at once.
 */
@Service
public class TenantSecrets {

    static final int LENGTH = 32;

    private final DatabaseClient db;
    private final RandomSecrets random;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public TenantSecrets(DatabaseClient db, RandomSecrets random, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.random = random;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** The tenant's secret, made now if it has none; call inside a tenant-scoped transaction. */
    Mono<byte[]> current() {
        return existing().switchIfEmpty(Mono.defer(() -> random.bytes(LENGTH)
                .flatMap(secret -> db.sql("insert into tenant_secrets (secret) values (:secret)"
                                + " on conflict (tenant_id) do nothing")
                        .bind("secret", ByteBuffer.wrap(secret))
                        .then())
                .then(existing())));
    }

    /** The tenant's secret if it has one; call inside a tenant-scoped transaction. */
    Mono<byte[]> existing() {
        return db.sql("select secret from tenant_secrets")
                .map(row -> bytesOf(row.get("secret", ByteBuffer.class)))
                .one();
    }

    /** Replaces the tenant's secret (administrators only) and announces it, so the gateway drops cached tokens. */
    public Mono<Void> rotate(Caller caller) {
        return Access.asAdministrator(
                caller,
                random.bytes(LENGTH)
                        .flatMap(secret -> tx.transactional(db.sql(
                                        """
                                        insert into tenant_secrets (secret) values (:secret)
                                        on conflict (tenant_id) do update set secret = excluded.secret, rotated_at = now()
                                        """)
                                .bind("secret", ByteBuffer.wrap(secret))
                                .then()
                                .then(Tenancy.required())
                                .flatMap(tenant -> outbox.append(OutgoingEvent.of(
                                        CredentialsChanged.TOPIC,
                                        tenant.value(),
                                        SharedSecretRotated.TYPE,
                                        new SharedSecretRotated(Instant.now())))))));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
