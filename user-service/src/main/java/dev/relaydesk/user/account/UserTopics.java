package dev.relaydesk.user.account;

import dev.relaydesk.user.UserServiceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics user-service publishes to (in production Strimzi KafkaTopic resources own their settings). */
@Configuration(proxyBeanMethods = false)
class UserTopics {

    @Bean
    NewTopic userUsersTopic(UserServiceProperties properties) {
        return TopicBuilder.name(UserCreated.TOPIC)
                .partitions(properties.topicPartitions())
                .build();
    }
}
