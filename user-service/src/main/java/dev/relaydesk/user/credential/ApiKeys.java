package dev.relaydesk.user.credential;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.account.UserAccounts;
import dev.relaydesk.user.permission.Access;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-user API keys for {@code Basic email:api_key}. A key is 32 random bytes shown once at creation; only its
 * SHA-256 is stored (a slow hash adds nothing for a high-entropy random key). Creating or revoking a key publishes
 * {@link CredentialsChanged} with reason {@code api-key}.
 */
@Service
public class ApiKeys {

    private final DatabaseClient db;
    private final UserAccounts accounts;
    private final RandomSecrets random;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public ApiKeys(
            DatabaseClient db, UserAccounts accounts, RandomSecrets random, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.accounts = accounts;
        this.random = random;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** A new key for {@code userId}; administrators for anyone, every user for themself. */
    public Mono<IssuedKey> create(Caller caller, long userId) {
        return Access.asAdministratorOrSelf(
                caller,
                userId,
                random.token()
                        .flatMap(key -> tx.transactional(accounts.byId(userId)
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                                .flatMap(user -> db.sql("insert into api_keys (user_id, key_hash) values (:user, :hash)"
                                                + " returning id, created_at")
                                        .bind("user", userId)
                                        .bind("hash", sha256(key))
                                        .map(row -> new IssuedKey(
                                                row.get("id", Long.class),
                                                userId,
                                                key,
                                                row.get("created_at", OffsetDateTime.class)
                                                        .toInstant()))
                                        .one())
                                .flatMap(issued -> outbox.append(
                                                CredentialsChanged.event(userId, CredentialsChanged.API_KEY))
                                        .thenReturn(issued)))));
    }

    /** The ids and creation times of a user's keys (never the keys). */
    public Flux<KeyInfo> list(Caller caller, long userId) {
        return Access.asAdministratorOrSelf(
                        caller,
                        userId,
                        tx.transactional(accounts.byId(userId)
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                                .flatMap(user -> db.sql(
                                                "select id, created_at from api_keys where user_id = :user order by id")
                                        .bind("user", userId)
                                        .map(row -> new KeyInfo(
                                                row.get("id", Long.class),
                                                userId,
                                                row.get("created_at", OffsetDateTime.class)
                                                        .toInstant()))
                                        .all()
                                        .collectList())))
                .flatMapIterable(list -> list);
    }

    /** Revokes a key; administrators any key, users their own. */
    public Mono<Void> revoke(Caller caller, long keyId) {
        return tx.transactional(db.sql("select user_id from api_keys where id = :id")
                .bind("id", keyId)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("API key", keyId)))
                .flatMap(userId -> Access.asAdministratorOrSelf(
                        caller,
                        userId,
                        db.sql("delete from api_keys where id = :id")
                                .bind("id", keyId)
                                .then()
                                .then(outbox.append(CredentialsChanged.event(userId, CredentialsChanged.API_KEY))))));
    }

    /** The enabled user with this e-mail holding this key; empty otherwise. */
    Mono<UserAccounts.StoredCredential> verify(String email, String key) {
        return tx.transactional(db.sql(
                        """
                                select u.id from users u join api_keys k on k.user_id = u.id
                                 where lower(u.email) = lower(:email) and k.key_hash = :hash and not u.disabled
                                 limit 1
                                """)
                .bind("email", email)
                .bind("hash", sha256(key))
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(accounts::credentialById));
    }

    static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key just created: the only time the key itself is available. */
    public record IssuedKey(long id, long userId, String key, Instant createdAt) {}

    /** A key as listed later: no secret. */
    public record KeyInfo(long id, long userId, Instant createdAt) {}
}
