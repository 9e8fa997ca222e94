package dev.relaydesk.user.credential;

import dev.relaydesk.user.UserServiceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** {@code user.credentials}, which the gateway consumes to evict cached credential verifications. */
@Configuration(proxyBeanMethods = false)
class CredentialTopics {

    @Bean
    NewTopic userCredentialsTopic(UserServiceProperties properties) {
        return TopicBuilder.name(CredentialsChanged.TOPIC)
                .partitions(properties.topicPartitions())
                .build();
    }
}
