package dev.relaydesk.user.account;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.user.UserServiceProperties;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates the configured administrator when their tenant has no users yet, so a fresh installation (or the local
 * stack) can be logged into. Publishes {@link UserCreated} like any other new user.
 */
@Component
public class BootstrapAdministrator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdministrator.class);

    private final UserServiceProperties properties;
    private final UserAccounts accounts;
    private final PasswordHashing hashing;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public BootstrapAdministrator(
            UserServiceProperties properties,
            UserAccounts accounts,
            PasswordHashing hashing,
            Outbox outbox,
            TransactionalOperator tx) {
        this.properties = properties;
        this.accounts = accounts;
        this.hashing = hashing;
        this.outbox = outbox;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) {
        UserServiceProperties.BootstrapAdmin admin = properties.bootstrapAdmin();
        if (admin == null) {
            return;
        }
        TenantId tenant = TenantId.of(admin.tenant());
        Boolean created = hashing.hash(admin.password())
                .flatMap(hash ->
                        tx.transactional(accounts.count().flatMap(n -> n > 0 ? Mono.just(false) : create(admin, hash))))
                .contextWrite(Tenancy.of(tenant))
                .block(Duration.ofSeconds(30));
        if (Boolean.TRUE.equals(created)) {
            log.info("Created administrator '{}' in tenant '{}'", admin.username(), tenant);
        }
    }

    private Mono<Boolean> create(UserServiceProperties.BootstrapAdmin admin, String hash) {
        var user = new UserAccounts.NewUser(
                admin.username(), admin.email(), hash, "", "", "", "", null, null, true, false, false, true);
        return accounts.insert(user).flatMap(id -> outbox.append(OutgoingEvent.of(
                        UserCreated.TOPIC,
                        id,
                        UserCreated.TYPE,
                        new UserCreated(
                                id,
                                user.username(),
                                user.email(),
                                "",
                                "",
                                true,
                                false,
                                false,
                                null,
                                Instant.now(),
                                null,
                                false)))
                .thenReturn(true));
    }
}
