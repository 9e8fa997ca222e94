package dev.relaydesk.gateway.events;

import dev.relaydesk.gateway.authentication.CredentialVerification;
import dev.relaydesk.gateway.config.GatewayProperties;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's Kafka: a consumer of credential changes in a group of this replica's own (every replica evicts its
 * own cache, from the latest offset: a replica that starts has an empty cache anyway), and a producer of
 * authentication events that never makes a request wait (it gives up on metadata after a second). Neither stops the
 * gateway from starting or serving when the broker cannot be reached.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "relaydesk.gateway.events", name = "enabled", matchIfMissing = true)
public class EventsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventsConfiguration.class);

    @Bean
    KafkaMessageListenerContainer<String, CloudEvent> credentialChangesContainer(
            KafkaProperties kafka, GatewayProperties properties, CredentialVerification verification, JsonMapper json) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        String instance = properties.events().instanceId() != null
                ? properties.events().instanceId()
                : UUID.randomUUID().toString();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-" + instance);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, CloudEventDeserializer.class);
        ContainerProperties container =
                new ContainerProperties(properties.events().credentialsTopic());
        container.setMessageListener(new CredentialChanges(verification, json));
        container.setMissingTopicsFatal(false);
        log.info(
                "Reading credential changes from {} as consumer group gateway-{}",
                properties.events().credentialsTopic(),
                instance);
        return new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), container);
    }

    @Bean
    AuthenticationEvents authenticationEvents(KafkaProperties kafka, GatewayProperties properties, JsonMapper json) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        KafkaTemplate<String, CloudEvent> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        return new AuthenticationEvents(
                template,
                properties.events().authenticationsTopic(),
                properties.events().authenticationInterval(),
                json,
                Clock.systemUTC());
    }
}
