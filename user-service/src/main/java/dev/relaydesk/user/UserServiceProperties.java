package dev.relaydesk.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * user-service settings, under {@code relaydesk.users}.
 *
 * @param bootstrapAdmin the administrator created in an empty tenant at start (local stack, first install)
 * @param topicPartitions partitions of the topics this service declares
 */
@ConfigurationProperties("relaydesk.users")
public record UserServiceProperties(BootstrapAdmin bootstrapAdmin, @DefaultValue("3") int topicPartitions) {

    /** An administrator to create when {@code tenant} has no users yet; all of it or none of it is set. */
    public record BootstrapAdmin(String tenant, String username, String password, String email) {
        public BootstrapAdmin {
            if (tenant == null || username == null || password == null || password.isEmpty()) {
                throw new IllegalArgumentException(
                        "relaydesk.users.bootstrap-admin needs tenant, username and password");
            }
        }
    }
}
