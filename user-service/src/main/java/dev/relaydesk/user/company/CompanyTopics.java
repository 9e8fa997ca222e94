package dev.relaydesk.user.company;

import dev.relaydesk.user.UserServiceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** {@code user.companies}. */
@Configuration(proxyBeanMethods = false)
class CompanyTopics {

    @Bean
    NewTopic userCompaniesTopic(UserServiceProperties properties) {
        return TopicBuilder.name(CompanyCreated.TOPIC)
                .partitions(properties.topicPartitions())
                .build();
    }
}
