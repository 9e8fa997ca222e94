package dev.relaydesk.gateway.events;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.authentication.CredentialVerification;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evicts cached credentials when user-service says they changed: {@code relaydesk.user.credentials-changed.v1}
 * (a password, API key or token of one user) evicts that user's entries, {@code relaydesk.tenant.shared-secret-rotated.v1}
 * (every token of the tenant is void) evicts the tenant's. A tolerant reader: it needs only the tenant extension and
 * {@code data.userId}, and skips what it cannot read.
 */
public final class CredentialChanges implements MessageListener<String, CloudEvent> {

    public static final String CREDENTIALS_CHANGED = "relaydesk.user.credentials-changed.v1";
    public static final String SECRET_ROTATED = "relaydesk.tenant.shared-secret-rotated.v1";
    private static final Logger log = LoggerFactory.getLogger(CredentialChanges.class);

    private final CredentialVerification verification;
    private final JsonMapper json;

    public CredentialChanges(CredentialVerification verification, JsonMapper json) {
        this.verification = verification;
        this.json = json;
    }

    @Override
    public void onMessage(ConsumerRecord<String, CloudEvent> record) {
        CloudEvent event = record.value();
        if (event == null) {
            return; // not a CloudEvent (the deserializer could not read it)
        }
        try {
            Object tenantAttribute = event.getExtension("tenant");
            if (tenantAttribute == null) {
                log.warn("Event {} of type {} has no tenant; ignored", event.getId(), event.getType());
                return;
            }
            TenantId tenant = TenantId.of(tenantAttribute.toString());
            switch (event.getType()) {
                case CREDENTIALS_CHANGED -> {
                    long userId = userId(event);
                    int evicted = verification.evictUser(tenant, userId);
                    log.info(
                            "Credentials of user {} in {} changed: {} cached entries evicted",
                            userId,
                            tenant.value(),
                            evicted);
                }
                case SECRET_ROTATED -> {
                    int evicted = verification.evictTenant(tenant);
                    log.info("Shared secret of {} rotated: {} cached entries evicted", tenant.value(), evicted);
                }
                default -> {
                    // other events on the topic are not the gateway's business
                }
            }
        } catch (RuntimeException e) {
            log.warn("Event {} of type {} could not be applied: {}", event.getId(), event.getType(), e.toString());
        }
    }

    private long userId(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) {
            throw new IllegalArgumentException("no data");
        }
        JsonNode node = json.readTree(data.toBytes()).get("userId");
        if (node == null || !node.canConvertToLong()) {
            throw new IllegalArgumentException("no data.userId");
        }
        return node.asLong();
    }
}
