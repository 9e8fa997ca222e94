package dev.relaydesk.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.k8s.Manifests.Doc;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Kafka (Strimzi), PostgreSQL (CloudNativePG), the monitors and the ingress. */
class DataPlatformTest {

    static final List<String> EVENT_TOPICS = List.of(
            "user.users",
            "user.companies",
            "user.permissions",
            "ticket.tickets",
            "ticket.comments",
            "ticket.categories",
            "kb.articles",
            "asset.assets",
            "automation.commands",
            "automation.rules",
            "notification.deliveries");

    static final List<String> SERVICES = Manifests.SERVICES;

    private final Manifests base = Manifests.base();

    // ---- Kafka

    @Test
    void everyEventTopicAndItsDeadLetterTopicIsDeclared() {
        List<String> expected =
                EVENT_TOPICS.stream().flatMap(t -> Stream.of(t, t + "-dlt")).toList();
        assertThat(base.ofKind("KafkaTopic").stream().map(DataPlatformTest::topicName))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyKafkaTopicHasThreeReplicasTwoInSyncAndSixPartitions() {
        String cluster = kafka().name();
        for (Doc topic : base.ofKind("KafkaTopic")) {
            assertThat(topic.apiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(Manifests.at(topic.body(), "spec.replicas"))
                    .as(topic + " replicas")
                    .isEqualTo(3);
            assertThat(Manifests.at(topic.body(), "spec.partitions"))
                    .as(topic + " partitions")
                    .isEqualTo(6);
            assertThat(String.valueOf(Manifests.map(topic.body(), "spec.config").get("min.insync.replicas")))
                    .as(topic + " min.insync.replicas")
                    .isEqualTo("2");
            assertThat(Manifests.labels(topic.body(), "metadata.labels"))
                    .as(topic + " names its cluster, or the topic operator ignores it")
                    .containsEntry("strimzi.io/cluster", cluster);
        }
    }

    @Test
    void deadLettersAreKeptLongerThanEvents() {
        for (String topic : EVENT_TOPICS) {
            assertThat(retention(topic + "-dlt")).as(topic + "-dlt retention").isGreaterThan(retention(topic));
        }
    }

    @Test
    void kafkaRunsInKraftModeOnThreeNodesWithDurableDefaults() {
        Doc kafka = kafka();
        assertThat(kafka.apiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
        assertThat(Manifests.map(kafka.body(), "spec")).doesNotContainKey("zookeeper");
        assertThat(Manifests.map(kafka.body(), "spec.kafka"))
                .as("replicas and storage belong to the node pool")
                .doesNotContainKeys("replicas", "storage");
        Map<String, Object> config = Manifests.map(kafka.body(), "spec.kafka.config");
        assertThat(String.valueOf(config.get("min.insync.replicas"))).isEqualTo("2");
        assertThat(String.valueOf(config.get("default.replication.factor"))).isEqualTo("3");

        List<Doc> pools = base.ofKind("KafkaNodePool");
        assertThat(pools).isNotEmpty();
        int brokers = 0;
        int controllers = 0;
        for (Doc pool : pools) {
            assertThat(Manifests.labels(pool.body(), "metadata.labels"))
                    .containsEntry("strimzi.io/cluster", kafka.name());
            int replicas = (Integer) Manifests.at(pool.body(), "spec.replicas");
            List<String> roles = Manifests.strings(pool.body(), "spec.roles");
            brokers += roles.contains("broker") ? replicas : 0;
            controllers += roles.contains("controller") ? replicas : 0;
        }
        assertThat(brokers).isEqualTo(3);
        assertThat(controllers).isEqualTo(3);
        assertThat(ApplicationsTest.platformConfig())
                .containsEntry("kafka-bootstrap-servers", kafka.name() + "-kafka-bootstrap:9092");
    }

    // ---- PostgreSQL

    @Test
    void postgresRunsThreeInstancesBootstrappedByInitdb() {
        Doc cluster = postgres();
        assertThat(cluster.apiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(Manifests.at(cluster.body(), "spec.instances")).isEqualTo(3);
        assertThat(Manifests.map(cluster.body(), "spec.bootstrap.initdb")).isNotEmpty();
        assertThat(Manifests.at(cluster.body(), "spec.enableSuperuserAccess")).isEqualTo(false);
        assertThat(ApplicationsTest.platformConfig()).containsEntry("postgres-host", cluster.name() + "-rw");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void eachServiceHasItsDatabaseOwnedByItsOwnerRole(String service) {
        String db = service.replace('-', '_');
        List<Doc> databases = base.ofKind("Database").stream()
                .filter(d -> db.equals(Manifests.str(d.body(), "spec.name")))
                .toList();
        assertThat(databases).as("Database resources for " + db).hasSize(1);
        Map<String, Object> spec = Manifests.map(databases.getFirst().body(), "spec");
        assertThat(databases.getFirst().apiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(Manifests.str(spec, "cluster.name")).isEqualTo(postgres().name());
        assertThat(spec.get("owner")).isEqualTo(db + "_owner");
        assertThat(spec.get("databaseReclaimPolicy"))
                .as("dropping the resource keeps the data")
                .isEqualTo("retain");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void ownerAndAppRolesAreManagedAndNeitherCanBypassRowLevelSecurity(String service) {
        String db = service.replace('-', '_');
        Map<String, Map<String, Object>> roles = new java.util.HashMap<>();
        Manifests.maps(postgres().body(), "spec.managed.roles").forEach(r -> roles.put((String) r.get("name"), r));
        for (String kind : List.of("owner", "app")) {
            Map<String, Object> role = roles.get(db + "_" + kind);
            assertThat(role).as("managed role %s_%s", db, kind).isNotNull();
            assertThat(role)
                    .containsEntry("login", true)
                    .containsEntry("superuser", false)
                    .containsEntry("bypassrls", false)
                    .containsEntry("createrole", false);
            assertThat(role.getOrDefault("ensure", "present")).isEqualTo("present");
            assertThat(Manifests.str(role, "passwordSecret.name")).isEqualTo(service + "-db-" + kind);
        }
        assertThat(base.ofKind("Database").stream().map(d -> Manifests.str(d.body(), "spec.owner")))
                .as("the application role owns no database")
                .doesNotContain(db + "_app");
    }

    // ---- monitoring and ingress

    @Test
    void serviceMonitorScrapesEveryApplicationsActuator() {
        List<Doc> monitors = base.ofKind("ServiceMonitor");
        for (String app : Manifests.APPLICATIONS) {
            Map<String, String> serviceLabels =
                    Manifests.labels(base.get("Service", app).body(), "metadata.labels");
            assertThat(monitors).as("a ServiceMonitor selecting Service " + app).anySatisfy(m -> {
                assertThat(LabelSelectors.matches(Manifests.map(m.body(), "spec.selector"), serviceLabels))
                        .isTrue();
                assertThat(Manifests.maps(m.body(), "spec.endpoints")).anySatisfy(e -> {
                    assertThat(e.get("port")).isEqualTo("http");
                    assertThat(e.get("path")).isEqualTo("/actuator/prometheus");
                });
            });
        }
    }

    @Test
    void ingressServesTenantSubdomainsOverTlsToTheGateway() {
        List<Doc> ingresses = base.ofKind("Ingress");
        assertThat(ingresses).hasSize(1);
        Map<String, Object> spec = Manifests.map(ingresses.getFirst().body(), "spec");
        String host = "*.relaydesk.example.com";
        assertThat(Manifests.maps(spec, "tls")).anySatisfy(tls -> {
            assertThat(Manifests.strings(tls, "hosts")).contains(host);
            assertThat(tls.get("secretName")).isNotNull();
        });
        assertThat(Manifests.maps(spec, "rules")).allSatisfy(rule -> {
            assertThat(rule.get("host")).isEqualTo(host);
            assertThat(Manifests.maps(rule, "http.paths")).allSatisfy(path -> {
                assertThat(Manifests.str(path, "backend.service.name")).isEqualTo("gateway");
                assertThat(Manifests.at(path, "backend.service.port.name")).isEqualTo("http");
            });
        });
    }

    // ---- helpers

    private Doc kafka() {
        List<Doc> clusters = base.ofKind("Kafka");
        assertThat(clusters).hasSize(1);
        return clusters.getFirst();
    }

    private Doc postgres() {
        List<Doc> clusters = base.ofKind("Cluster");
        assertThat(clusters).hasSize(1);
        return clusters.getFirst();
    }

    private static String topicName(Doc topic) {
        String declared = Manifests.str(topic.body(), "spec.topicName");
        return declared != null ? declared : topic.name();
    }

    private long retention(String topic) {
        Doc doc = base.ofKind("KafkaTopic").stream()
                .filter(t -> topic.equals(topicName(t)))
                .findFirst()
                .orElseThrow();
        Object value = Manifests.map(doc.body(), "spec.config").get("retention.ms");
        assertThat(value).as(topic + " retention.ms").isNotNull();
        return Long.parseLong(value.toString());
    }
}
