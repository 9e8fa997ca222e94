package dev.relaydesk.user.account;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.company.Companies;
import dev.relaydesk.user.credential.CredentialsChanged;
import dev.relaydesk.user.credential.RandomSecrets;
import dev.relaydesk.user.department.Departments;
import dev.relaydesk.user.permission.Access;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creating, updating, deleting and merging users (administrators only). Every change commits with its events:
 * {@code user.*} on {@code user.users} and, when what the user authenticates with or as changes,
 * {@link CredentialsChanged} on {@code user.credentials}.
 */
@Service
public class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

    private final UserAccounts accounts;
    private final PasswordHashing hashing;
    private final RandomSecrets random;
    private final Companies companies;
    private final Departments departments;
    private final Outbox outbox;
    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public UserAdministration(
            UserAccounts accounts,
            PasswordHashing hashing,
            RandomSecrets random,
            Companies companies,
            Departments departments,
            Outbox outbox,
            DatabaseClient db,
            TransactionalOperator tx) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.random = random;
        this.companies = companies;
        this.departments = departments;
        this.outbox = outbox;
        this.db = db;
        this.tx = tx;
    }

    /** The new user's id. */
    public Mono<Long> create(Caller caller, NewUserRequest request) {
        String email = request.email().trim();
        if (!email.contains("@")) {
            return Mono.error(ApiException.badParameter("email", "must be an e-mail address"));
        }
        String username = request.username() == null ? email : request.username();
        Mono<String> password = request.password() == null ? random.password() : Mono.just(request.password());
        return Access.asAdministrator(
                caller,
                password.flatMap(hashing::hash)
                        .flatMap(hash -> tx.transactional(requireFree(username, email, 0)
                                .then(optionalId(request.company(), name -> companies.idForName(name, null)))
                                .flatMap(company -> optionalId(request.department(), departments::idForName)
                                        .flatMap(department ->
                                                insert(request, username, email, hash, company, department))))));
    }

    private Mono<Long> insert(
            NewUserRequest request, String username, String email, String hash, MaybeId company, MaybeId department) {
        var user = new UserAccounts.NewUser(
                username,
                email,
                hash,
                orEmpty(request.firstName()),
                orEmpty(request.lastName()),
                orEmpty(request.phone()),
                orEmpty(request.location()),
                company.id(),
                department.id(),
                false,
                false,
                false,
                true);
        return accounts.insert(user)
                .flatMap(id -> outbox.append(OutgoingEvent.of(
                                UserCreated.TOPIC,
                                id,
                                UserCreated.TYPE,
                                new UserCreated(
                                        id,
                                        username,
                                        email,
                                        user.firstName(),
                                        user.lastName(),
                                        false,
                                        false,
                                        false,
                                        company.id(),
                                        Instant.now(),
                                        department.id(),
                                        request.sendWelcomeEmail())))
                        .thenReturn(id))
                .doOnNext(id -> log.info("Created user {}", id));
    }

    public Mono<Void> update(Caller caller, long userId, UserChanges changes) {
        Mono<String> hash = changes.password() == null ? Mono.just("") : hashing.hash(changes.password());
        return Access.asAdministrator(
                caller,
                hash.flatMap(newHash -> tx.transactional(accounts.byId(userId)
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                        .flatMap(before -> requireFree(changes.username(), changes.email(), userId)
                                .then(optionalId(blankToNull(changes.company()), n -> companies.idForName(n, null)))
                                .flatMap(
                                        company -> optionalId(blankToNull(changes.department()), departments::idForName)
                                                .flatMap(department ->
                                                        apply(before, changes, newHash, company, department)))))));
    }

    private Mono<Void> apply(UserAccount before, UserChanges c, String newHash, MaybeId company, MaybeId department) {
        Map<String, Object> set = new LinkedHashMap<>();
        put(set, "username", c.username());
        put(set, "email", c.email());
        put(set, "first_name", c.firstName());
        put(set, "last_name", c.lastName());
        put(set, "notes", c.notes());
        put(set, "phone", c.phone());
        put(set, "location", c.location());
        put(set, "greeting", c.greeting());
        put(set, "signature", c.signature());
        put(set, "disabled", c.disabled());
        put(set, "send_email", c.sendEmail());
        put(set, "out_of_office", c.outOfOffice());
        put(set, "is_admin", c.isAdmin());
        put(set, "is_tech", c.isTech());
        put(set, "is_manager", c.isManager());
        if (c.company() != null) {
            set.put("company_id", UserAccounts.valueOrNull(company.id(), Long.class));
        }
        if (c.department() != null) {
            set.put("department_id", UserAccounts.valueOrNull(department.id(), Long.class));
        }
        boolean passwordChanged = !newHash.isEmpty();
        if (passwordChanged) {
            set.put("password_hash", newHash);
        }
        List<String> reasons = new ArrayList<>();
        if (passwordChanged) {
            reasons.add(CredentialsChanged.PASSWORD);
        }
        if (c.disabled() != null && c.disabled() != before.disabled()) {
            reasons.add(CredentialsChanged.DISABLED);
        }
        if (changed(c.isAdmin(), before.admin())
                || changed(c.isTech(), before.technician())
                || changed(c.isManager(), before.manager())) {
            reasons.add(CredentialsChanged.ROLES);
        }
        long id = before.id();
        return accounts.update(id, set, passwordChanged)
                .then(accounts.byId(id))
                .flatMap(after ->
                        outbox.append(OutgoingEvent.of(UserCreated.TOPIC, id, UserUpdated.TYPE, UserUpdated.of(after))))
                .thenMany(Flux.fromIterable(reasons))
                .concatMap(reason -> outbox.append(CredentialsChanged.event(id, reason)))
                .then();
    }

    public Mono<Void> delete(Caller caller, long userId) {
        return Access.asAdministrator(
                caller,
                tx.transactional(accounts.delete(userId)
                        .flatMap(rows -> rows == 0
                                ? Mono.error(ApiException.notFound("User", userId))
                                : outbox.append(OutgoingEvent.of(
                                                UserCreated.TOPIC,
                                                userId,
                                                UserDeleted.TYPE,
                                                new UserDeleted(userId, Instant.now())))
                                        .then(outbox.append(
                                                CredentialsChanged.event(userId, CredentialsChanged.DELETED))))));
    }

    /**
     * Merges {@code fromUserId} into {@code intoUserId}: category permissions and custom field values the target lacks
     * move over, the merged user is removed, and {@link UsersMerged} lets other services move tickets, comments and
     * assets.
     */
    public Mono<Void> merge(Caller caller, long fromUserId, long intoUserId) {
        if (fromUserId == intoUserId) {
            return Mono.error(ApiException.badParameter("toUserId", "must differ from fromUserId"));
        }
        return Access.asAdministrator(
                caller,
                tx.transactional(accounts.byId(fromUserId)
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", fromUserId)))
                        .then(accounts.byId(intoUserId))
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", intoUserId)))
                        .then(db.sql(
                                        """
                                        insert into category_tech_permissions (user_id, category_id)
                                        select :into, category_id from category_tech_permissions where user_id = :from
                                        on conflict do nothing
                                        """)
                                .bind("into", intoUserId)
                                .bind("from", fromUserId)
                                .then())
                        .then(db.sql(
                                        """
                                        insert into user_custom_values (user_id, field_id, value)
                                        select :into, field_id, value from user_custom_values where user_id = :from
                                        on conflict do nothing
                                        """)
                                .bind("into", intoUserId)
                                .bind("from", fromUserId)
                                .then())
                        .then(accounts.delete(fromUserId))
                        .then(outbox.append(OutgoingEvent.of(
                                UserCreated.TOPIC,
                                fromUserId,
                                UsersMerged.TYPE,
                                new UsersMerged(fromUserId, intoUserId, Instant.now()))))
                        .then(outbox.append(CredentialsChanged.event(fromUserId, CredentialsChanged.MERGED)))));
    }

    private Mono<Void> requireFree(String username, String email, long exceptId) {
        Mono<Void> name = username == null
                ? Mono.empty()
                : accounts.usernameTaken(username, exceptId)
                        .flatMap(taken -> taken
                                ? Mono.error(ApiException.badParameter("username", "is taken by another user"))
                                : Mono.empty());
        Mono<Void> mail = email == null
                ? Mono.empty()
                : accounts.emailTaken(email, exceptId)
                        .flatMap(taken -> taken
                                ? Mono.error(ApiException.badParameter("email", "is taken by another user"))
                                : Mono.empty());
        return name.then(mail);
    }

    private static Mono<MaybeId> optionalId(String name, java.util.function.Function<String, Mono<Long>> lookup) {
        if (name == null || name.isBlank()) {
            return Mono.just(new MaybeId(null));
        }
        return lookup.apply(name.trim()).map(MaybeId::new);
    }

    private static void put(Map<String, Object> set, String column, Object value) {
        if (value != null) {
            set.put(column, value);
        }
    }

    private static boolean changed(Boolean requested, boolean current) {
        return requested != null && !Objects.equals(requested, current);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** An id that may be absent (Reactor has no empty-but-present value). */
    private record MaybeId(Long id) {}
}
