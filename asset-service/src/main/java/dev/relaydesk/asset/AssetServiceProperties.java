package dev.relaydesk.asset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * asset-service settings, under {@code relaydesk.assets}.
 *
 * @param topicPartitions partitions of the topics this service declares
 */
@ConfigurationProperties("relaydesk.assets")
public record AssetServiceProperties(@DefaultValue("3") int topicPartitions) {

    public AssetServiceProperties {
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("relaydesk.assets.topic-partitions must be at least 1");
        }
    }
}
