package dev.relaydesk.kb.article;

import dev.relaydesk.kb.KbServiceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topic kb-service publishes to (in production Strimzi KafkaTopic resources own its settings). */
@Configuration(proxyBeanMethods = false)
class ArticleTopics {

    @Bean
    NewTopic kbArticlesTopic(KbServiceProperties properties) {
        return TopicBuilder.name(ArticleCreated.TOPIC)
                .partitions(properties.topicPartitions())
                .build();
    }
}
