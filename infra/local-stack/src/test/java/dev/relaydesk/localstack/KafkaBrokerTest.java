package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void formatsOnceRoundTripsAndKeepsMessagesAcrossRestarts() throws Exception {
        Set<Integer> taken = new HashSet<>();
        int port = PortPlan.freePort(taken);
        int controllerPort = PortPlan.freePort(taken);
        Path kafkaDir = dir.resolve("kafka");
        Path log = dir.resolve("logs/kafka.log");
        String classpath = ChildClasspath.ofThisJvm(dir.resolve("lib"));

        String clusterId;
        FileTime formatted;
        try (KafkaBroker broker = KafkaBroker.start(
                kafkaDir,
                port,
                controllerPort,
                classpath,
                KafkaBroker.DEFAULT_JVM_OPTIONS,
                log,
                Duration.ofSeconds(60),
                launched -> {})) {
            assertThat(KafkaBroker.isFormatted(kafkaDir)).isTrue();
            clusterId = Files.readString(kafkaDir.resolve("cluster-id")).trim();
            formatted = Files.getLastModifiedTime(kafkaDir.resolve("data/meta.properties"));
            produce(broker.bootstrapServers(), "ticket.tickets", "default:1", "created");
            assertThat(consume(broker.bootstrapServers(), "ticket.tickets", "first", 1))
                    .containsExactly("default:1=created");
        }

        try (KafkaBroker broker = KafkaBroker.start(
                kafkaDir,
                port,
                controllerPort,
                classpath,
                KafkaBroker.DEFAULT_JVM_OPTIONS,
                log,
                Duration.ofSeconds(60),
                launched -> {})) {
            assertThat(Files.readString(kafkaDir.resolve("cluster-id")).trim()).isEqualTo(clusterId);
            assertThat(Files.getLastModifiedTime(kafkaDir.resolve("data/meta.properties")))
                    .isEqualTo(formatted);
            produce(broker.bootstrapServers(), "ticket.tickets", "default:1", "updated");
            assertThat(consume(broker.bootstrapServers(), "ticket.tickets", "second", 2))
                    .containsExactly("default:1=created", "default:1=updated");
        }
        assertThat(PortPlan.isListening(port)).isFalse();
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                20000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> consume(String bootstrap, String topic, String group, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + record.value());
                }
            }
        }
        return seen;
    }
}
