package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppArgumentsTest {

    private static final Map<App, Integer> PORTS = defaultPorts();

    @Test
    void aServiceGetsItsDatabaseRoleKafkaAndTheGatewaysJwks() {
        List<String> args =
                AppArguments.of(App.TICKET_SERVICE, PORTS, 15432, 19092, 13025, Path.of("/h/keys/k.pem"), List.of());

        assertThat(args)
                .containsExactly(
                        "--server.port=8082",
                        "--server.address=127.0.0.1",
                        "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:15432/ticket_service",
                        "--spring.r2dbc.username=ticket_service_app",
                        "--spring.r2dbc.password=relaydesk-local",
                        "--spring.flyway.url=jdbc:postgresql://127.0.0.1:15432/ticket_service",
                        "--spring.flyway.user=postgres",
                        "--spring.flyway.password=postgres",
                        "--relaydesk.platform.security.jwk-set-uri=http://127.0.0.1:8080/.well-known/jwks.json",
                        "--spring.kafka.bootstrap-servers=127.0.0.1:19092");
    }

    @Test
    void userServiceBootstrapsTheAdministrator() {
        assertThat(AppArguments.of(App.USER_SERVICE, PORTS, 15432, 19092, 13025, Path.of("/k.pem"), List.of()))
                .contains(
                        "--relaydesk.users.bootstrap-admin.tenant=default",
                        "--relaydesk.users.bootstrap-admin.username=admin",
                        "--relaydesk.users.bootstrap-admin.password=admin",
                        "--relaydesk.users.bootstrap-admin.email=admin@localhost");
    }

    @Test
    void theGatewayRoutesToEveryServiceAndSignsWithTheKeyFile() {
        List<String> args =
                AppArguments.of(App.GATEWAY, PORTS, 15432, 19092, 13025, Path.of("/h/keys/k.pem"), List.of());

        assertThat(args)
                .contains(
                        "--server.port=8080",
                        "--relaydesk.gateway.services.user-service=http://127.0.0.1:8081",
                        "--relaydesk.gateway.services.notification-service=http://127.0.0.1:8086",
                        "--relaydesk.gateway.token.signing-key=file:/h/keys/k.pem")
                .noneMatch(arg -> arg.startsWith("--spring.r2dbc"));
        assertThat(args.stream().filter(arg -> arg.startsWith("--relaydesk.gateway.services.")))
                .hasSize(6);
    }

    @Test
    void anExtraArgumentReplacesTheDefaultOfTheSameKey() {
        List<String> args = AppArguments.of(
                App.KB_SERVICE,
                PORTS,
                15432,
                19092,
                13025,
                Path.of("/k.pem"),
                List.of("--server.port=9999", "--logging.level.root=debug", "positional"));

        assertThat(args).contains("--server.port=9999", "--logging.level.root=debug", "positional");
        assertThat(args).doesNotContain("--server.port=8083");
        assertThat(args.getLast()).isEqualTo("positional");
    }

    @Test
    void notificationServiceSendsMailToTheLocalSmtpServerAndMayCallLocalWebhooks() {
        assertThat(AppArguments.of(App.NOTIFICATION_SERVICE, PORTS, 15432, 19092, 13025, Path.of("/k.pem"), List.of()))
                .contains(
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=13025",
                        "--relaydesk.notifications.webhooks.allow-http=true",
                        "--relaydesk.notifications.webhooks.allow-private-addresses=true");
        assertThat(AppArguments.of(App.TICKET_SERVICE, PORTS, 15432, 19092, 13025, Path.of("/k.pem"), List.of()))
                .noneMatch(arg -> arg.startsWith("--spring.mail."));
    }

    @Test
    void databaseNamesFollowTheModuleNames() {
        assertThat(App.ASSET_SERVICE.database()).contains("asset_service");
        assertThat(App.GATEWAY.database()).isEmpty();
        assertThat(App.named("automation-service")).isEqualTo(App.AUTOMATION_SERVICE);
        assertThat(App.named("NOTIFICATION_SERVICE")).isEqualTo(App.NOTIFICATION_SERVICE);
        assertThat(App.USER_SERVICE.jarIn(Path.of("/repo")))
                .isEqualTo(Path.of("/repo/user-service/target/user-service-exec.jar"));
    }

    private static Map<App, Integer> defaultPorts() {
        Map<App, Integer> ports = new EnumMap<>(App.class);
        for (App app : App.values()) {
            ports.put(app, app.defaultPort());
        }
        return ports;
    }
}
