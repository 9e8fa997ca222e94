package dev.relaydesk.asset.inventory;

import dev.relaydesk.asset.AssetServiceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topic asset-service publishes to (in production Strimzi KafkaTopic resources own its settings). */
@Configuration(proxyBeanMethods = false)
public class AssetTopics {

    /** Every asset event; aggregate id = asset id, so one asset's events stay in order. */
    public static final String ASSETS = "asset.assets";

    @Bean
    NewTopic assetAssetsTopic(AssetServiceProperties properties) {
        return TopicBuilder.name(ASSETS)
                .partitions(properties.topicPartitions())
                .build();
    }
}
