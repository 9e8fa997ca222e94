package dev.relaydesk.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.k8s.Manifests.Doc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The seven applications: one Deployment each, and around it a Service, an autoscaler and a disruption budget. */
class ApplicationsTest {

    static final List<String> APPLICATIONS = Manifests.APPLICATIONS;
    static final List<String> SERVICES = Manifests.SERVICES;

    private final Manifests base = Manifests.base();

    @Test
    void exactlyTheSevenApplicationsAreDeployed() {
        assertThat(base.ofKind("Deployment").stream().map(Doc::name)).containsExactlyInAnyOrderElementsOf(APPLICATIONS);
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void probesUseTheActuatorHealthGroupsOnTheMainPort(String app) {
        Map<String, Object> container = container(app);
        assertProbe(container, "startupProbe", "/actuator/health/liveness");
        assertProbe(container, "livenessProbe", "/actuator/health/liveness");
        assertProbe(container, "readinessProbe", "/actuator/health/readiness");
        assertThat(Manifests.maps(container, "ports")).singleElement().satisfies(port -> {
            assertThat(port.get("name")).isEqualTo("http");
            assertThat(port.get("containerPort")).isEqualTo(8080);
        });
        assertThat(env(container)).containsEntry("SERVER_PORT", "8080");
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void requestsAndLimitsAreSetAndTheHeapFitsTheLimit(String app) {
        Map<String, Object> container = container(app);
        Map<String, Object> resources = Manifests.map(container, "resources");
        for (String resource : List.of("cpu", "memory")) {
            Object request = Manifests.at(resources, "requests." + resource);
            Object limit = Manifests.at(resources, "limits." + resource);
            assertThat(request).as("%s requests.%s", app, resource).isNotNull();
            assertThat(limit).as("%s limits.%s", app, resource).isNotNull();
            assertThat(Manifests.quantity(limit))
                    .as("%s: %s limit >= request", app, resource)
                    .isGreaterThanOrEqualTo(Manifests.quantity(request));
        }
        String javaOptions = env(container).get("JAVA_TOOL_OPTIONS");
        assertThat(javaOptions).as(app + " JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage=");
        assertThat(javaOptions).as(app + " picks its GC explicitly").containsPattern("-XX:\\+Use\\w+GC");
        assertThat(javaOptions)
                .as(app + ": no fixed heap that ignores the limit")
                .doesNotContain("-Xmx");
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void runsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String app) {
        Map<String, Object> pod = podSpec(app);
        Map<String, Object> container = container(app);
        assertThat(Manifests.at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(Manifests.at(pod, "securityContext.runAsUser")).isInstanceOf(Integer.class);
        assertThat((Integer) Manifests.at(pod, "securityContext.runAsUser")).isPositive();
        assertThat(Manifests.at(container, "securityContext.readOnlyRootFilesystem"))
                .isEqualTo(true);
        assertThat(Manifests.at(container, "securityContext.allowPrivilegeEscalation"))
                .isEqualTo(false);
        assertThat(Manifests.strings(container, "securityContext.capabilities.drop"))
                .contains("ALL");

        String tmpVolume = Manifests.maps(container, "volumeMounts").stream()
                .filter(m -> "/tmp".equals(m.get("mountPath")))
                .map(m -> (String) m.get("name"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(app + " mounts nothing on /tmp"));
        assertThat(Manifests.maps(pod, "volumes"))
                .filteredOn(v -> tmpVolume.equals(v.get("name")))
                .singleElement()
                .satisfies(v -> assertThat(v).containsKey("emptyDir"));
        assertThat(Manifests.at(pod, "automountServiceAccountToken")).isEqualTo(false);
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void hasItsOwnServiceAccount(String app) {
        assertThat(Manifests.str(podSpec(app), "serviceAccountName")).isEqualTo(app);
        assertThat(base.get("ServiceAccount", app).body()).containsEntry("automountServiceAccountToken", false);
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void prometheusScrapeAnnotationsPointAtTheActuator(String app) {
        Map<String, String> annotations =
                Manifests.labels(deployment(app).body(), "spec.template.metadata.annotations");
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "8080")
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void serviceExposesPort8080ToThisApplicationOnly(String app) {
        Doc service = base.get("Service", app);
        assertThat(Manifests.maps(service.body(), "spec.ports")).singleElement().satisfies(port -> {
            assertThat(port.get("port")).isEqualTo(8080);
            assertThat(port.get("targetPort")).isIn("http", 8080);
            assertThat(port.get("name")).isEqualTo("http");
        });
        Map<String, Object> selector = Map.of("matchLabels", Manifests.map(service.body(), "spec.selector"));
        assertSelectsOnly(selector, app, "Service " + app);
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void autoscalerOwnsTheReplicaCount(String app) {
        List<Doc> hpas = base.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> "Deployment".equals(Manifests.str(h.body(), "spec.scaleTargetRef.kind")))
                .filter(h -> app.equals(Manifests.str(h.body(), "spec.scaleTargetRef.name")))
                .toList();
        assertThat(hpas)
                .as("HorizontalPodAutoscalers targeting Deployment " + app)
                .hasSize(1);
        Map<String, Object> spec = Manifests.map(hpas.getFirst().body(), "spec");
        assertThat(hpas.getFirst().apiVersion()).isEqualTo("autoscaling/v2");
        assertThat(spec.get("minReplicas")).isEqualTo(2);
        assertThat(spec.get("maxReplicas")).isEqualTo(10);
        assertThat(Manifests.maps(spec, "metrics")).anySatisfy(metric -> {
            assertThat(Manifests.str(metric, "resource.name")).isEqualTo("cpu");
            assertThat(Manifests.at(metric, "resource.target.averageUtilization"))
                    .isEqualTo(70);
        });
        assertThat(Manifests.map(deployment(app).body(), "spec"))
                .as("%s: spec.replicas would fight the autoscaler on every apply", app)
                .doesNotContainKey("replicas");
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void disruptionBudgetKeepsOnePodOfThisApplication(String app) {
        List<Doc> budgets = base.ofKind("PodDisruptionBudget").stream()
                .filter(p -> LabelSelectors.matches(Manifests.map(p.body(), "spec.selector"), podLabels(app)))
                .toList();
        assertThat(budgets).as("PodDisruptionBudgets covering " + app).hasSize(1);
        Map<String, Object> spec = Manifests.map(budgets.getFirst().body(), "spec");
        assertThat(spec.get("minAvailable")).isEqualTo(1);
        assertSelectsOnly(
                Manifests.map(spec, "selector"),
                app,
                "PodDisruptionBudget " + budgets.getFirst().name());
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void deploymentSelectorMatchesItsTemplate(String app) {
        Map<String, Object> selector = Manifests.map(deployment(app).body(), "spec.selector");
        assertSelectsOnly(selector, app, "Deployment " + app);
        assertThat(podLabels(app))
                .containsEntry("app.kubernetes.io/part-of", "relaydesk")
                .containsEntry("app.kubernetes.io/component", app.equals("gateway") ? "gateway" : "service");
    }

    @ParameterizedTest
    @FieldSource("APPLICATIONS")
    void imageIsThePlaceholderTheOverlayPins(String app) {
        assertThat(Manifests.str(container(app), "image")).isEqualTo("ghcr.io/relaydesk/" + app + ":0.1.0");
        Map<String, Object> production = Manifests.kustomization(Manifests.OVERLAYS.resolve("production"));
        assertThat(Manifests.maps(production, "images").stream().map(i -> i.get("name")))
                .contains("ghcr.io/relaydesk/" + app);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void serviceConnectsAsTheAppRoleAndMigratesAsTheOwner(String app) {
        String db = app.replace('-', '_');
        Map<String, Object> container = container(app);
        Map<String, String> env = env(container);
        assertThat(env.get("SPRING_R2DBC_URL"))
                .startsWith("r2dbc:postgresql://")
                .contains(":5432/" + db + "?");
        assertThat(env.get("SPRING_FLYWAY_URL"))
                .startsWith("jdbc:postgresql://")
                .contains(":5432/" + db + "?");
        assertThat(secretRef(container, "SPRING_R2DBC_USERNAME")).isEqualTo(app + "-db-app/username");
        assertThat(secretRef(container, "SPRING_R2DBC_PASSWORD")).isEqualTo(app + "-db-app/password");
        assertThat(secretRef(container, "SPRING_FLYWAY_USER")).isEqualTo(app + "-db-owner/username");
        assertThat(secretRef(container, "SPRING_FLYWAY_PASSWORD")).isEqualTo(app + "-db-owner/password");
        assertThat(configRef(container, "SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-bootstrap-servers");
        assertThat(configRef(container, "RELAYDESK_PLATFORM_SECURITY_JWK_SET_URI"))
                .isEqualTo("jwk-set-uri");
    }

    @Test
    void servicesVerifyTokensAgainstTheGatewaysJwks() {
        assertThat(platformConfig())
                .containsEntry(
                        "jwk-set-uri", "http://gateway." + Manifests.namespace() + ".svc:8080/.well-known/jwks.json");
    }

    @Test
    void gatewayRoutesToEveryServiceAndSignsWithTheMountedKey() {
        Map<String, Object> container = container("gateway");
        Map<String, String> env = env(container);
        for (String service : SERVICES) {
            String variable =
                    "RELAYDESK_GATEWAY_SERVICES_" + service.toUpperCase().replace('-', '_');
            assertThat(env).containsEntry(variable, "http://" + service + ":8080");
        }
        assertThat(env).containsEntry("RELAYDESK_GATEWAY_TOKEN_SIGNING_KEY", "file:/secrets/signing-key.pem");
        Map<String, Object> mount = Manifests.maps(container, "volumeMounts").stream()
                .filter(m -> "/secrets".equals(m.get("mountPath")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("gateway mounts nothing on /secrets"));
        assertThat(mount).containsEntry("readOnly", true);
        Map<String, Object> volume = Manifests.maps(podSpec("gateway"), "volumes").stream()
                .filter(v -> v.get("name").equals(mount.get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(Manifests.maps(volume, "secret.items"))
                .anySatisfy(item -> assertThat(item).containsEntry("path", "signing-key.pem"));
        assertThat(env).doesNotContainKeys("SPRING_R2DBC_URL", "SPRING_FLYWAY_URL");
    }

    // ---- helpers

    static Map<String, String> platformConfig() {
        Map<String, Object> apps = Manifests.kustomization(Manifests.BASE.resolve("apps"));
        Map<String, Object> generator = Manifests.maps(apps, "configMapGenerator").stream()
                .filter(g -> "relaydesk-platform".equals(g.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("apps/kustomization.yaml generates no relaydesk-platform"));
        return Manifests.strings(generator, "literals").stream()
                .map(l -> l.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    private Doc deployment(String app) {
        return base.get("Deployment", app);
    }

    private Map<String, Object> podSpec(String app) {
        return Manifests.map(deployment(app).body(), "spec.template.spec");
    }

    private Map<String, String> podLabels(String app) {
        return Manifests.labels(deployment(app).body(), "spec.template.metadata.labels");
    }

    private Map<String, Object> container(String app) {
        List<Map<String, Object>> containers = Manifests.maps(podSpec(app), "containers");
        assertThat(containers).as(app + " containers").hasSize(1);
        return containers.getFirst();
    }

    /** Plain env values; variables filled from a ConfigMap or Secret map to null. */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> variable : Manifests.maps(container, "env")) {
            env.put((String) variable.get("name"), Manifests.str(variable, "value"));
        }
        return env;
    }

    private static Optional<Map<String, Object>> variable(Map<String, Object> container, String name) {
        return Manifests.maps(container, "env").stream()
                .filter(v -> name.equals(v.get("name")))
                .findFirst();
    }

    private static String secretRef(Map<String, Object> container, String name) {
        Map<String, Object> ref = Manifests.map(
                variable(container, name).orElseThrow(() -> new AssertionError("no env " + name)),
                "valueFrom.secretKeyRef");
        return ref.get("name") + "/" + ref.get("key");
    }

    private static String configRef(Map<String, Object> container, String name) {
        Map<String, Object> ref = Manifests.map(
                variable(container, name).orElseThrow(() -> new AssertionError("no env " + name)),
                "valueFrom.configMapKeyRef");
        assertThat(ref.get("name")).isEqualTo("relaydesk-platform");
        assertThat(platformConfig()).containsKey((String) ref.get("key"));
        return (String) ref.get("key");
    }

    private void assertProbe(Map<String, Object> container, String probe, String path) {
        assertThat(Manifests.str(container, probe + ".httpGet.path")).as(probe).isEqualTo(path);
        assertThat(Manifests.at(container, probe + ".httpGet.port"))
                .as(probe + " port")
                .isIn("http", 8080);
    }

    /** The selector matches this application's pods and no other application's. */
    private void assertSelectsOnly(Map<String, Object> selector, String app, String what) {
        assertThat(LabelSelectors.isEmpty(selector))
                .as(what + " selector is empty")
                .isFalse();
        for (String other : APPLICATIONS) {
            assertThat(LabelSelectors.matches(selector, podLabels(other)))
                    .as("%s selects pods of %s", what, other)
                    .isEqualTo(other.equals(app));
        }
    }
}
