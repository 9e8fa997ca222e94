package dev.relaydesk.user.permission;

import dev.relaydesk.user.UserServiceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** {@code user.permissions}. */
@Configuration(proxyBeanMethods = false)
class PermissionTopics {

    @Bean
    NewTopic userPermissionsTopic(UserServiceProperties properties) {
        return TopicBuilder.name(CategoryTechPermissionAdded.TOPIC)
                .partitions(properties.topicPartitions())
                .build();
    }
}
