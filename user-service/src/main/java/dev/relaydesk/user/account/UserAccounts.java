package dev.relaydesk.user.account;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Reads and writes user rows; always inside a tenant-scoped transaction, so row-level security applies. */
@Repository
public class UserAccounts {

    private final DatabaseClient db;

    public UserAccounts(DatabaseClient db) {
        this.db = db;
    }

    public Mono<UserAccount> byId(long id) {
        return db.sql("select * from users where id = :id")
                .bind("id", id)
                .map(UserAccounts::toAccount)
                .one();
    }

    /** The id and password hash of an enabled user, by login name (case-insensitive). */
    public Mono<StoredCredential> credentialOf(String username) {
        return db.sql("select id, password_hash, is_admin, is_tech, is_manager from users"
                        + " where lower(username) = lower(:username) and not disabled")
                .bind("username", username)
                .map(row -> new StoredCredential(
                        row.get("id", Long.class),
                        row.get("password_hash", String.class),
                        Boolean.TRUE.equals(row.get("is_admin", Boolean.class)),
                        Boolean.TRUE.equals(row.get("is_tech", Boolean.class)),
                        Boolean.TRUE.equals(row.get("is_manager", Boolean.class))))
                .one();
    }

    public Mono<Long> count() {
        return db.sql("select count(*) from users")
                .map(row -> row.get(0, Long.class))
                .one();
    }

    public Mono<Long> insert(NewUser user) {
        return db.sql(
                        """
                        insert into users (username, email, password_hash, first_name, last_name, is_admin, is_tech)
                        values (:username, :email, :hash, :first, :last, :admin, :tech) returning id
                        """)
                .bind("username", user.username())
                .bind("email", user.email())
                .bind("hash", user.passwordHash())
                .bind("first", user.firstName())
                .bind("last", user.lastName())
                .bind("admin", user.admin())
                .bind("tech", user.technician())
                .map(row -> row.get(0, Long.class))
                .one();
    }

    /** What a new user row needs. */
    public record NewUser(
            String username,
            String email,
            String passwordHash,
            String firstName,
            String lastName,
            boolean admin,
            boolean technician) {}

    /** What a credential check needs, and nothing else. */
    public record StoredCredential(
            long userId, String passwordHash, boolean admin, boolean technician, boolean manager) {}

    private static UserAccount toAccount(Readable row) {
        OffsetDateTime lastSeen = row.get("last_seen", OffsetDateTime.class);
        return new UserAccount(
                row.get("id", Long.class),
                row.get("username", String.class),
                row.get("email", String.class),
                row.get("first_name", String.class),
                row.get("last_name", String.class),
                row.get("notes", String.class),
                row.get("location", String.class),
                row.get("phone", String.class),
                row.get("company_id", Long.class),
                row.get("department_id", Long.class),
                row.get("ip_address", String.class),
                row.get("host_name", String.class),
                row.get("lang", String.class),
                row.get("user_agent", String.class),
                row.get("avatar_url", String.class),
                row.get("signature", String.class),
                row.get("greeting", String.class),
                Boolean.TRUE.equals(row.get("is_admin", Boolean.class)),
                Boolean.TRUE.equals(row.get("is_tech", Boolean.class)),
                Boolean.TRUE.equals(row.get("is_manager", Boolean.class)),
                Boolean.TRUE.equals(row.get("disabled", Boolean.class)),
                Boolean.TRUE.equals(row.get("send_email", Boolean.class)),
                lastSeen == null ? null : lastSeen.toInstant());
    }

    static Instant now() {
        return Instant.now();
    }
}
