package dev.relaydesk.user.activity;

import dev.relaydesk.user.UserServiceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares {@code gateway.authentications} too: the gateway publishes to it only best effort and owns no Kafka admin,
 * and this consumer should not depend on broker-side auto-creation.
 */
@Configuration(proxyBeanMethods = false)
class GatewayTopics {

    @Bean
    NewTopic gatewayAuthenticationsTopic(UserServiceProperties properties) {
        return TopicBuilder.name(SignInActivity.TOPIC)
                .partitions(properties.topicPartitions())
                .build();
    }
}
