package dev.relaydesk.user.account;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes user rows; always inside a tenant-scoped transaction, so row-level security applies. */
@Repository
public class UserAccounts {

    private static final String SELECT =
            """
            select u.*, c.name as company_name, c.notes as company_notes, d.name as department_name
              from users u
              left join companies c on c.id = u.company_id
              left join departments d on d.id = u.department_id
            """;

    private final DatabaseClient db;

    public UserAccounts(DatabaseClient db) {
        this.db = db;
    }

    public Mono<UserAccount> byId(long id) {
        return db.sql(SELECT + " where u.id = :id")
                .bind("id", id)
                .map(UserAccounts::toAccount)
                .one();
    }

    public Mono<UserAccount> byEmail(String email) {
        return db.sql(SELECT + " where lower(u.email) = lower(:email)")
                .bind("email", email)
                .map(UserAccounts::toAccount)
                .one();
    }

    public Mono<UserAccount> byUsername(String username) {
        return db.sql(SELECT + " where lower(u.username) = lower(:username)")
                .bind("username", username)
                .map(UserAccounts::toAccount)
                .one();
    }

    /** One page of users, ordered by id. */
    public Flux<UserAccount> list(UserListQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where true");
        switch (query.mode()) {
            case TECHS -> sql.append(" and (u.is_tech or u.is_admin) and not u.disabled");
            case ADMINS -> sql.append(" and u.is_admin and not u.disabled");
            case REGULAR -> sql.append(" and not u.is_tech and not u.is_admin and not u.disabled");
            case DISABLED -> sql.append(" and u.disabled");
            case ALL -> {}
        }
        if (query.departmentId() != null) {
            sql.append(" and u.department_id = :department");
        }
        if (query.companyId() != null) {
            sql.append(" and u.company_id = :company");
        }
        sql.append(" order by u.id limit :limit offset :offset");
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString())
                .bind("limit", query.count())
                .bind("offset", (long) (query.page() - 1) * query.count());
        if (query.departmentId() != null) {
            spec = spec.bind("department", query.departmentId());
        }
        if (query.companyId() != null) {
            spec = spec.bind("company", query.companyId());
        }
        return spec.map(UserAccounts::toAccount).all();
    }

    /**
     * The credential of an enabled user by login name or e-mail (case-insensitive); {@code DOMAIN\name} also matches
     * {@code name}. An exact login name wins over an e-mail, which wins over the name without its domain.
     */
    public Mono<StoredCredential> credentialOf(String login) {
        int slash = login.lastIndexOf('\\');
        String withoutDomain = slash >= 0 ? login.substring(slash + 1) : login;
        return db.sql(
                        """
                        select id, password_hash, is_admin, is_tech, is_manager from users
                         where not disabled
                           and (lower(username) = lower(:login) or lower(email) = lower(:login)
                                or lower(username) = lower(:bare))
                         order by case when lower(username) = lower(:login) then 0
                                       when lower(email) = lower(:login) then 1 else 2 end
                         limit 1
                        """)
                .bind("login", login)
                .bind("bare", withoutDomain)
                .map(UserAccounts::toCredential)
                .one();
    }

    /** The credential of an enabled user by e-mail (case-insensitive). */
    public Mono<StoredCredential> credentialByEmail(String email) {
        return db.sql("select id, password_hash, is_admin, is_tech, is_manager from users"
                        + " where not disabled and lower(email) = lower(:email) order by id limit 1")
                .bind("email", email)
                .map(UserAccounts::toCredential)
                .one();
    }

    /** The credential of an enabled user by id. */
    public Mono<StoredCredential> credentialById(long id) {
        return db.sql("select id, password_hash, is_admin, is_tech, is_manager from users"
                        + " where not disabled and id = :id")
                .bind("id", id)
                .map(UserAccounts::toCredential)
                .one();
    }

    /** When the user's password last changed (the user tokens' validity stamp); empty for unknown users. */
    public Mono<Instant> credentialsChangedAt(long id) {
        return db.sql("select credentials_changed_at from users where id = :id")
                .bind("id", id)
                .map(row -> row.get(0, OffsetDateTime.class).toInstant())
                .one();
    }

    public Mono<Long> count() {
        return db.sql("select count(*) from users")
                .map(row -> row.get(0, Long.class))
                .one();
    }

    /** Whether another user (not {@code exceptId}) already has this login name or e-mail as login name or e-mail. */
    public Mono<Boolean> usernameTaken(String username, long exceptId) {
        return db.sql("select exists(select 1 from users where lower(username) = lower(:v) and id <> :id)")
                .bind("v", username)
                .bind("id", exceptId)
                .map(row -> row.get(0, Boolean.class))
                .one();
    }

    public Mono<Boolean> emailTaken(String email, long exceptId) {
        return db.sql("select exists(select 1 from users where lower(email) = lower(:v) and id <> :id)")
                .bind("v", email)
                .bind("id", exceptId)
                .map(row -> row.get(0, Boolean.class))
                .one();
    }

    public Mono<Long> insert(NewUser user) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        """
                        insert into users (username, email, password_hash, first_name, last_name, phone, location,
                                           company_id, department_id, is_admin, is_tech, is_manager, send_email)
                        values (:username, :email, :hash, :first, :last, :phone, :location,
                                :company, :department, :admin, :tech, :manager, :send)
                        returning id
                        """)
                .bind("username", user.username())
                .bind("email", user.email())
                .bind("hash", user.passwordHash())
                .bind("first", user.firstName())
                .bind("last", user.lastName())
                .bind("phone", user.phone())
                .bind("location", user.location())
                .bind("admin", user.admin())
                .bind("tech", user.technician())
                .bind("manager", user.manager())
                .bind("send", user.sendEmail());
        spec = bindOrNull(spec, "company", user.companyId(), Long.class);
        spec = bindOrNull(spec, "department", user.departmentId(), Long.class);
        return spec.map(row -> row.get(0, Long.class)).one();
    }

    /**
     * Sets the given columns (column name to value; a null value sets SQL null of the column's type).
     *
     * @return the number of rows changed
     */
    public Mono<Long> update(long id, Map<String, Object> columns, boolean credentialsChanged) {
        Map<String, Object> set = new LinkedHashMap<>(columns);
        if (set.isEmpty() && !credentialsChanged) {
            return Mono.just(0L);
        }
        String assignments = set.keySet().stream().map(c -> c + " = :" + c).collect(Collectors.joining(", "));
        if (credentialsChanged) {
            assignments = assignments.isEmpty()
                    ? "credentials_changed_at = clock_timestamp()"
                    : assignments + ", credentials_changed_at = clock_timestamp()";
        }
        DatabaseClient.GenericExecuteSpec spec =
                db.sql("update users set " + assignments + " where id = :id").bind("id", id);
        for (Map.Entry<String, Object> column : set.entrySet()) {
            spec = column.getValue() instanceof Typed typed
                    ? spec.bindNull(column.getKey(), typed.type())
                    : spec.bind(column.getKey(), column.getValue());
        }
        return spec.fetch().rowsUpdated();
    }

    public Mono<Long> delete(long id) {
        return db.sql("delete from users where id = :id").bind("id", id).fetch().rowsUpdated();
    }

    /**
     * Records a successful sign-in; only moves {@code last_seen} forward, so a late or replayed event cannot overwrite
     * newer information.
     */
    public Mono<Long> recordSignIn(long id, Instant at, String ipAddress, String hostName, String userAgent) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        """
                        update users set last_seen = :at, ip_address = :ip, host_name = :host, user_agent = :agent
                         where id = :id and (last_seen is null or last_seen < :at)
                        """)
                .bind("id", id)
                .bind("at", at.atOffset(java.time.ZoneOffset.UTC));
        spec = bindOrNull(spec, "ip", ipAddress, String.class);
        spec = bindOrNull(spec, "host", hostName, String.class);
        spec = bindOrNull(spec, "agent", userAgent, String.class);
        return spec.fetch().rowsUpdated();
    }

    /** A SQL null of a column's type, for {@link #update}. */
    public record Typed(Class<?> type) {}

    /** {@code value}, or a SQL null of {@code type} when it is null (for the columns of {@link #update}). */
    public static Object valueOrNull(Object value, Class<?> type) {
        return value == null ? new Typed(type) : value;
    }

    static DatabaseClient.GenericExecuteSpec bindOrNull(
            DatabaseClient.GenericExecuteSpec spec, String name, Object value, Class<?> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    /** What a new user row needs. */
    public record NewUser(
            String username,
            String email,
            String passwordHash,
            String firstName,
            String lastName,
            String phone,
            String location,
            Long companyId,
            Long departmentId,
            boolean admin,
            boolean technician,
            boolean manager,
            boolean sendEmail) {}

    /** What a credential check needs, and nothing else. */
    public record StoredCredential(
            long userId, String passwordHash, boolean admin, boolean technician, boolean manager) {}

    private static StoredCredential toCredential(Readable row) {
        return new StoredCredential(
                row.get("id", Long.class),
                row.get("password_hash", String.class),
                Boolean.TRUE.equals(row.get("is_admin", Boolean.class)),
                Boolean.TRUE.equals(row.get("is_tech", Boolean.class)),
                Boolean.TRUE.equals(row.get("is_manager", Boolean.class)));
    }

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
                lastSeen == null ? null : lastSeen.toInstant(),
                Boolean.TRUE.equals(row.get("out_of_office", Boolean.class)),
                row.get("company_name", String.class),
                row.get("company_notes", String.class),
                row.get("department_name", String.class));
    }
}
