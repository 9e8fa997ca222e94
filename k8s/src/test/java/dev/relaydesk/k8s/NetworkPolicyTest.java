package dev.relaydesk.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.k8s.Manifests.Doc;
import dev.relaydesk.k8s.PolicyModel.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Who may talk to whom, checked by evaluating the NetworkPolicies for representative pods rather than by reading
 * them: a policy added later that opens a service to everyone fails here even if it looks harmless on its own.
 */
class NetworkPolicyTest {

    static final List<String> APPLICATIONS = Manifests.APPLICATIONS;
    static final List<String> SERVICES = Manifests.SERVICES;

    private static final Manifests BASE = Manifests.base();
    private static final String NS = Manifests.namespace();
    private static final PolicyModel POLICIES = new PolicyModel(BASE);

    private static final Endpoint PROMETHEUS =
            Endpoint.pod("Prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), "10.1.0.10");
    private static final Endpoint OTHER_MONITORING_POD =
            Endpoint.pod("another pod in monitoring", "monitoring", Map.of("app", "grafana"), "10.1.0.11");
    private static final Endpoint INGRESS_CONTROLLER = Endpoint.pod(
            "ingress controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.2.0.10");
    private static final Endpoint KUBE_DNS =
            Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), "10.3.0.10");
    private static final Endpoint CNPG_OPERATOR = Endpoint.pod(
            "CloudNativePG operator", "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), "10.4.0.10");
    private static final Endpoint POSTGRES = Endpoint.pod(
            "PostgreSQL instance",
            NS,
            Map.of("cnpg.io/cluster", "relaydesk-pg", "cnpg.io/podRole", "instance", "cnpg.io/instanceRole", "primary"),
            "10.5.0.10");
    private static final Endpoint KAFKA_BROKER = Endpoint.pod(
            "Kafka broker",
            NS,
            Map.of(
                    "strimzi.io/cluster", "relaydesk-kafka",
                    "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", "relaydesk-kafka-kafka",
                    "strimzi.io/pool-name", "dual-role"),
            "10.5.0.20");
    private static final Endpoint STRANGER_IN_NAMESPACE =
            Endpoint.pod("unlabelled pod in " + NS, NS, Map.of("app", "debug"), "10.5.0.99");
    private static final Endpoint STRANGER_ELSEWHERE =
            Endpoint.pod("pod in default", "default", Map.of("app.kubernetes.io/name", "gateway"), "10.6.0.10");
    private static final Endpoint INTERNET = Endpoint.external("a public address", "203.0.113.10");
    private static final Endpoint METADATA = Endpoint.external("cloud metadata service", "169.254.169.254");
    private static final Endpoint PRIVATE_HOST = Endpoint.external("a host on the private network", "192.168.1.20");

    @Test
    void everyPodInTheNamespaceDeniesIngressByDefault() {
        List<Doc> defaultDeny = BASE.ofKind("NetworkPolicy").stream()
                .filter(p -> LabelSelectors.isEmpty(Manifests.map(p.body(), "spec.podSelector")))
                .filter(p -> Manifests.strings(p.body(), "spec.policyTypes").contains("Ingress"))
                .filter(p -> Manifests.maps(p.body(), "spec.ingress").isEmpty())
                .toList();
        assertThat(defaultDeny)
                .as("a NetworkPolicy selecting every pod with no ingress rule")
                .isNotEmpty();
        assertThat(POLICIES.ingressAllowed(STRANGER_IN_NAMESPACE, STRANGER_IN_NAMESPACE, 8080, "TCP"))
                .as("an unlabelled pod is isolated too")
                .isFalse();
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void onlyTheGatewayAndPrometheusReachAService(String service) {
        Endpoint target = app(service);
        for (Endpoint source : everyone()) {
            boolean expected = source.equals(app("gateway")) || source.equals(PROMETHEUS);
            for (int port : List.of(8080, 5005, 9090)) {
                assertThat(POLICIES.ingressAllowed(source, target, port, "TCP"))
                        .as("%s -> %s:%d", source, service, port)
                        .isEqualTo(expected && port == 8080);
            }
        }
        assertThat(POLICIES.connectionAllowed(app("gateway"), target, 8080, "TCP"))
                .as("gateway -> %s, both ends", service)
                .isTrue();
    }

    @Test
    void gatewayIsReachedByTheIngressControllerAndByServicesForTheJwks() {
        Endpoint gateway = app("gateway");
        for (Endpoint source : everyone()) {
            boolean expected = source.equals(INGRESS_CONTROLLER)
                    || source.equals(PROMETHEUS)
                    || SERVICES.stream().map(NetworkPolicyTest::app).anyMatch(source::equals);
            assertThat(POLICIES.ingressAllowed(source, gateway, 8080, "TCP"))
                    .as("%s -> gateway:8080", source)
                    .isEqualTo(expected);
        }
        for (String service : SERVICES) {
            assertThat(POLICIES.connectionAllowed(app(service), gateway, 8080, "TCP"))
                    .as("%s fetches the gateway's JWKS", service)
                    .isTrue();
        }
    }

    @Test
    void prometheusScrapesEveryApplicationAndTheDataPods() {
        for (String application : APPLICATIONS) {
            assertThat(POLICIES.ingressAllowed(PROMETHEUS, app(application), 8080, "TCP"))
                    .as("Prometheus -> " + application)
                    .isTrue();
            assertThat(POLICIES.ingressAllowed(OTHER_MONITORING_POD, app(application), 8080, "TCP"))
                    .as("another monitoring pod -> " + application)
                    .isFalse();
        }
        assertThat(POLICIES.ingressAllowed(PROMETHEUS, POSTGRES, 9187, "TCP")).isTrue();
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void applicationsAreEgressIsolatedAndResolveNames(String application) {
        Endpoint self = app(application);
        assertThat(POLICIES.isolated(self, "Egress"))
                .as(application + " is egress-isolated")
                .isTrue();
        assertThat(POLICIES.egressAllowed(self, KUBE_DNS, 53, "UDP")).isTrue();
        assertThat(POLICIES.egressAllowed(self, KUBE_DNS, 53, "TCP")).isTrue();
        // The brokers' side is Strimzi's generated policy (kafkaListenerAdmitsOnlyTheApplications).
        assertThat(POLICIES.egressAllowed(self, KAFKA_BROKER, 9092, "TCP"))
                .as(application + " -> Kafka")
                .isTrue();
        assertThat(POLICIES.egressAllowed(self, STRANGER_ELSEWHERE, 8080, "TCP"))
                .isFalse();
        assertThat(POLICIES.egressAllowed(self, STRANGER_IN_NAMESPACE, 8080, "TCP"))
                .isFalse();
        assertThat(POLICIES.egressAllowed(self, METADATA, 80, "TCP"))
                .as("metadata service")
                .isFalse();
        assertThat(POLICIES.egressAllowed(self, PRIVATE_HOST, 443, "TCP")).isFalse();
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void servicesReachTheirDatabaseAndTheGatewayButNotEachOther(String service) {
        Endpoint self = app(service);
        assertThat(POLICIES.connectionAllowed(self, POSTGRES, 5432, "TCP"))
                .as(service + " -> PostgreSQL")
                .isTrue();
        assertThat(POLICIES.egressAllowed(self, app("gateway"), 8080, "TCP")).isTrue();
        for (String other : SERVICES) {
            assertThat(POLICIES.egressAllowed(self, app(other), 8080, "TCP"))
                    .as("%s -> %s: services talk through events, not calls", service, other)
                    .isFalse();
        }
    }

    @Test
    void gatewayReachesEveryServiceButNoDatabase() {
        for (String service : SERVICES) {
            assertThat(POLICIES.egressAllowed(app("gateway"), app(service), 8080, "TCP"))
                    .isTrue();
        }
        assertThat(POLICIES.egressAllowed(app("gateway"), POSTGRES, 5432, "TCP"))
                .isFalse();
    }

    @Test
    void onlyNotificationServiceDeliversToArbitraryPublicEndpoints() {
        for (String application : APPLICATIONS) {
            assertThat(POLICIES.egressAllowed(app(application), INTERNET, 8443, "TCP"))
                    .as(application + " -> a webhook on a public address")
                    .isEqualTo(application.equals("notification-service"));
        }
    }

    @Test
    void postgresIsReachedByTheServicesItsOwnInstancesAndTheOperator() {
        for (Endpoint source : everyone()) {
            boolean expected =
                    SERVICES.stream().map(NetworkPolicyTest::app).anyMatch(source::equals) || source.equals(POSTGRES);
            assertThat(POLICIES.ingressAllowed(source, POSTGRES, 5432, "TCP"))
                    .as("%s -> PostgreSQL:5432", source)
                    .isEqualTo(expected);
        }
        assertThat(POLICIES.ingressAllowed(CNPG_OPERATOR, POSTGRES, 8000, "TCP"))
                .isTrue();
    }

    /** Kafka's own ingress policy is generated by Strimzi from the listener's networkPolicyPeers. */
    @Test
    void kafkaListenerAdmitsOnlyTheApplications() {
        Doc kafka = BASE.ofKind("Kafka").getFirst();
        Map<String, Object> listener = Manifests.maps(kafka.body(), "spec.kafka.listeners").stream()
                .filter(l -> Integer.valueOf(9092).equals(l.get("port")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener on 9092"));
        List<Map<String, Object>> peers = Manifests.maps(listener, "networkPolicyPeers");
        assertThat(peers)
                .as("networkPolicyPeers of the 9092 listener (none means: everyone)")
                .isNotEmpty();
        for (Endpoint source : everyone()) {
            boolean admitted = peers.stream()
                    .anyMatch(peer -> !peer.containsKey("namespaceSelector")
                            && NS.equals(source.namespace())
                            && LabelSelectors.matches(Manifests.map(peer, "podSelector"), source.labels()));
            boolean isApplication =
                    APPLICATIONS.stream().map(NetworkPolicyTest::app).anyMatch(source::equals);
            assertThat(admitted).as("%s -> Kafka:9092", source).isEqualTo(isApplication);
        }
    }

    // ---- the cast

    static Endpoint app(String name) {
        Doc deployment = BASE.get("Deployment", name);
        Map<String, String> labels = Manifests.labels(deployment.body(), "spec.template.metadata.labels");
        int index = APPLICATIONS.indexOf(name);
        return Endpoint.pod(name, NS, labels, "10.5.1." + (10 + index));
    }

    private static List<Endpoint> everyone() {
        List<Endpoint> all = new ArrayList<>();
        APPLICATIONS.forEach(a -> all.add(app(a)));
        all.addAll(List.of(
                PROMETHEUS,
                OTHER_MONITORING_POD,
                INGRESS_CONTROLLER,
                KUBE_DNS,
                CNPG_OPERATOR,
                POSTGRES,
                KAFKA_BROKER,
                STRANGER_IN_NAMESPACE,
                STRANGER_ELSEWHERE,
                INTERNET,
                PRIVATE_HOST));
        return all;
    }
}
