package dev.relaydesk.user.activity;

import dev.relaydesk.platform.inbox.Inbox;
import dev.relaydesk.user.account.UserAccounts;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code LastSeen}, {@code IPAddress}, {@code HostName} and {@code UserAgent} from the gateway's
 * {@code relaydesk.auth.succeeded.v1} events (at most one a minute per user). Each event is applied once, and
 * {@code last_seen} only moves forward, so a late or redelivered event changes nothing.
 */
@Component
class SignInActivity {

    static final String CONSUMER = "sign-in-activity";
    static final String TOPIC = "gateway.authentications";
    static final String TYPE_PREFIX = "relaydesk.auth.succeeded.";

    private final Inbox inbox;
    private final UserAccounts accounts;
    private final JsonMapper json;

    SignInActivity(Inbox inbox, UserAccounts accounts, JsonMapper json) {
        this.inbox = inbox;
        this.accounts = accounts;
        this.json = json;
    }

    @KafkaListener(topics = TOPIC, groupId = "user-service.sign-in-activity")
    void on(CloudEvent event) {
        if (!event.getType().startsWith(TYPE_PREFIX) || event.getData() == null) {
            return;
        }
        inbox.applyOnce(CONSUMER, event, e -> record(json.readValue(e.getData().toBytes(), AuthSucceeded.class)))
                .block(Duration.ofSeconds(30));
    }

    private Mono<Long> record(AuthSucceeded auth) {
        if (auth.userId() == null || auth.occurredAt() == null) {
            return Mono.just(0L);
        }
        return accounts.recordSignIn(
                auth.userId(), auth.occurredAt(), auth.ipAddress(), auth.hostName(), auth.userAgent());
    }

    /** The fields of the gateway's event this consumer reads (tolerant reader). */
    record AuthSucceeded(Long userId, String ipAddress, String hostName, String userAgent, Instant occurredAt) {}
}
