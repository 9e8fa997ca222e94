package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.AutomationProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topic automation-service publishes to (in production Strimzi KafkaTopic resources own their settings), and the
 * topics it consumes, so that its consumers do not depend on broker-side auto-creation.
 */
@Configuration(proxyBeanMethods = false)
class CommandTopics {

    @Bean
    NewTopic automationCommandsTopic(AutomationProperties properties) {
        return TopicBuilder.name(TicketCommand.TOPIC)
                .partitions(properties.topicPartitions())
                .build();
    }

    @Bean
    NewTopic ticketTicketsTopic(AutomationProperties properties) {
        return TopicBuilder.name("ticket.tickets")
                .partitions(properties.topicPartitions())
                .build();
    }

    @Bean
    NewTopic userUsersTopic(AutomationProperties properties) {
        return TopicBuilder.name("user.users")
                .partitions(properties.topicPartitions())
                .build();
    }

    @Bean
    NewTopic userPermissionsTopic(AutomationProperties properties) {
        return TopicBuilder.name("user.permissions")
                .partitions(properties.topicPartitions())
                .build();
    }
}
