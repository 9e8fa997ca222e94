package dev.relaydesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.relaydesk.gateway.ServiceStubs.Received;
import dev.relaydesk.gateway.events.CredentialChanges;
import dev.relaydesk.gateway.routing.LoopLocalRouting;
import dev.relaydesk.gateway.routing.ServiceRequestUrl;
import dev.relaydesk.testkit.SharedInfrastructure;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.filter.WeightCalculatorWebFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway as its clients and services see it: the whole application on a random port, in front of stub services
 * that echo what reached them (see {@link ServiceStubs}). One application context for the whole class.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.structured.format.console=",
            "relaydesk.gateway.path-prefix=/helpdesk",
            // WebTestClient connects from loopback; tests name the client IP in X-Forwarded-For
            "relaydesk.gateway.trusted-proxies=127.0.0.1,::1",
            "relaydesk.gateway.lockout.block-duration=2s",
            // the tenant most tests share is not limited in practice; the rate-limit tests use tenants of their own
            "relaydesk.gateway.rate-limits.tenants.default.per-minute=1000000",
            "relaydesk.gateway.rate-limits.tenants.default.search-per-minute=1000000",
            "relaydesk.gateway.rate-limits.tenants.limited.per-minute=3",
            "relaydesk.gateway.rate-limits.tenants.limited.search-per-minute=2",
            "relaydesk.gateway.rate-limits.tenants.unlimited.disabled=true",
            "relaydesk.gateway.authentication.oidc.issuer-uri=https://issuer.test",
            "relaydesk.gateway.authentication.oidc.audience=relaydesk",
            // a service that is down: its base URL is a port nobody listens on
            "relaydesk.gateway.routing.paths.ghost-service[0]=/ghost/**",
            // short, so that the timeout test waits little; every stub answers in milliseconds
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=2s"
        })
@AutoConfigureWebTestClient
@Import(GatewayIntegrationTest.WriteCounting.class)
class GatewayIntegrationTest {

    static final String ADMIN = basic("admin", "admin");

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ServiceStubs stubs = ServiceStubs.get();
        for (String service : ServiceStubs.SERVICES) {
            registry.add("relaydesk.gateway.services." + service, () -> stubs.baseUrl(service));
        }
        registry.add("relaydesk.gateway.services.ghost-service", () -> "http://127.0.0.1:" + closedPort());
        registry.add(
                "relaydesk.gateway.authentication.oidc.jwk-set-uri",
                () -> stubs.baseUrl("user-service") + ServiceStubs.JWKS_PATH);
        registry.add("spring.kafka.bootstrap-servers", SharedInfrastructure::kafkaBootstrapServers);
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    private static final AtomicInteger IPS = new AtomicInteger();

    /** Every test calls from an IP of its own, so that one test's failed logins never block another's. */
    @BeforeEach
    void clientIpOfItsOwn() {
        client = client.mutate().defaultHeader("X-Forwarded-For", nextIp()).build();
    }

    static String nextIp() {
        int n = IPS.incrementAndGet();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET {@code uri} as admin and return what the owning service received. */
    Received forwarded(String uri) {
        return forwarded(uri, "localhost");
    }

    Received forwarded(String uri, String host) {
        return receivedBy(
                client.get().uri(uri).header(HttpHeaders.HOST, host).header(HttpHeaders.AUTHORIZATION, ADMIN));
    }

    /** A GET of {@code uri} as the admin. */
    WebTestClient.RequestHeadersSpec<?> adminGet(String uri) {
        return client.get().uri(uri).header(HttpHeaders.AUTHORIZATION, ADMIN);
    }

    /** What the service stub received for a request the gateway answered with 200. */
    static Received receivedBy(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange()
                .expectStatus()
                .isOk()
                .expectBody(Received.class)
                .returnResult()
                .getResponseBody();
    }

    static JWTClaimsSet claims(Received received) {
        List<String> authorization = received.header("authorization");
        assertThat(authorization).hasSize(1);
        assertThat(authorization.getFirst()).startsWith("Bearer ");
        try {
            return SignedJWT.parse(authorization.getFirst().substring(7)).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** Counts the flushes that carry bytes to a caller: each is one write to the caller's socket. */
    @TestConfiguration
    static class WriteCounting {

        static final AtomicInteger DATA_FLUSHES = new AtomicInteger();
        private static final String COUNTER = "test-write-counting";

        @Bean
        NettyServerCustomizer writeCounting() {
            // Boot applies the customizer to the test server more than once: one counter per connection all the same
            return server -> server.doOnConnection(connection -> {
                if (connection.channel().pipeline().get(COUNTER) == null) {
                    connection.channel().pipeline().addFirst(COUNTER, new ChannelOutboundHandlerAdapter() {
                        private boolean pending;

                        @Override
                        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
                            if (message instanceof ByteBuf bytes && bytes.isReadable()) {
                                pending = true;
                            }
                            context.write(message, promise);
                        }

                        @Override
                        public void flush(ChannelHandlerContext context) {
                            if (pending) {
                                pending = false;
                                DATA_FLUSHES.incrementAndGet();
                            }
                            context.flush();
                        }
                    });
                }
            });
        }
    }

    @Nested
    class TenantResolution {

        @Test
        void hostsFirstLabelNamesTheTenant() throws Exception {
            Received received = forwarded("/api/Tickets", "acme.example.com");

            assertThat(claims(received).getStringClaim("tenant")).isEqualTo("acme");
        }

        @Test
        void hostLabelIsReadCaseInsensitivelyAndWithoutPort() throws Exception {
            Received received = forwarded("/api/Tickets", "Globex.Example.com:8443");

            assertThat(claims(received).getStringClaim("tenant")).isEqualTo("globex");
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "127.0.0.1", "example.com", "10.1.2.3:8080", "[::1]:8080"})
        void hostWithoutATenantLabelFallsBackToTheDefaultTenant(String host) throws Exception {
            Received received = forwarded("/api/Tickets", host);

            assertThat(claims(received).getStringClaim("tenant")).isEqualTo("default");
        }

        @Test
        void tenantHeaderIsIgnoredWhileDisabledAndNotForwarded() throws Exception {
            Received received = receivedBy(client.get()
                    .uri("/api/Tickets")
                    .header("X-Tenant", "beta")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN));

            assertThat(claims(received).getStringClaim("tenant")).isEqualTo("default");
            assertThat(received.header("x-tenant")).isEmpty();
        }

        @Test
        void invalidTenantInHostIsBadRequest() {
            client.get()
                    .uri("/api/Tickets")
                    .header(HttpHeaders.HOST, "acme_corp.example.com")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .expectBody(String.class)
                    .isEqualTo("The host name does not name a valid tenant");
        }

        @Test
        void invalidTenantIsBadRequestInTheV2Shape() {
            client.get()
                    .uri("/api/v2/tickets")
                    .header(HttpHeaders.HOST, "-acme.example.com")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].code")
                    .isEqualTo(400)
                    .jsonPath("$.errors[0].title")
                    .isEqualTo("invalid_tenant");
        }
    }

    @Nested
    class PathPrefix {

        @Test
        void prefixedPathIsStrippedBeforeRouting() {
            Received received = forwarded("/helpdesk/api/Ticket/5?x=1");

            assertThat(received.service()).isEqualTo("ticket-service");
            assertThat(received.path()).isEqualTo("/api/Ticket/5");
            assertThat(received.query()).isEqualTo("x=1");
        }

        @Test
        void prefixIsMatchedCaseInsensitivelyAndWorksForEveryDialect() {
            assertThat(forwarded("/HelpDesk/api/v1/users/3").path()).isEqualTo("/api/v1/users/3");
            assertThat(forwarded("/helpdesk/User/Token").service()).isEqualTo("user-service");
        }

        @Test
        void unprefixedPathWorksToo() {
            assertThat(forwarded("/api/Ticket/5").path()).isEqualTo("/api/Ticket/5");
        }

        @Test
        void pathThatOnlyBeginsLikeThePrefixIsNotStripped() {
            adminGet("/helpdeskx/api/Tickets").exchange().expectStatus().isNotFound();
        }
    }

    @Nested
    class JitbitMethods {

        @ParameterizedTest
        @ValueSource(strings = {"/api/ticket", "/api/Ticket", "/Api/TICKET", "/API/tIcKeT/12"})
        void methodNamesRouteCaseInsensitivelyAndPathIsForwardedUnchanged(String path) {
            Received received = forwarded(path);

            assertThat(received.service()).isEqualTo("ticket-service");
            assertThat(received.path()).isEqualTo(path);
        }

        @ParameterizedTest
        @CsvSource({
            "/api/Authorization, user-service",
            "/api/userbyemail?email=a@b.c, user-service",
            "/api/Companies, user-service",
            "/api/Departments, user-service",
            "/api/Tickets, ticket-service",
            "/api/Comments/7, ticket-service",
            "/api/TicketIntegrationData, ticket-service",
            "/api/Articles, kb-service",
            "/api/article/9, kb-service",
            "/api/Asset/3, asset-service",
            "/api/unassignassettouser, asset-service",
            "/api/DisableRule/4, automation-service",
            "/api/RULE, automation-service"
        })
        void methodRoutesToTheServiceThatOwnsIt(String uri, String service) {
            assertThat(forwarded(uri).service()).isEqualTo(service);
        }

        @ParameterizedTest
        @CsvSource({
            "/api/CustomFields, ticket-service",
            "/api/CustomFields?type=1, ticket-service",
            "/api/customfields?type=2, asset-service",
            "/api/CustomFields?TYPE=3, user-service",
            "/api/CustomFields?type=4, user-service"
        })
        void customFieldsRouteByType(String uri, String service) {
            assertThat(forwarded(uri).service()).isEqualTo(service);
        }

        @Test
        void customFieldsRouteByTypeInAFormBodyThatStillReachesTheService() {
            Received received = receivedBy(client.post()
                    .uri("/api/CustomFields")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .bodyValue("name=Serial+number&type=2"));

            assertThat(received.service()).isEqualTo("asset-service");
            assertThat(received.body()).isEqualTo("name=Serial+number&type=2");
        }

        @Test
        void customFieldsWithAnUnknownTypeIsBadRequest() {
            adminGet("/api/CustomFields?type=9")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(String.class)
                    .isEqualTo("Parameter 'type' must be one of 1, 2, 3, 4");
        }

        @Test
        void unknownMethodIsNotFoundInPlainText() {
            client.get()
                    .uri("/api/NoSuchMethod/5")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .expectBody(String.class)
                    .isEqualTo("Unknown API method: NoSuchMethod");
        }
    }

    @Nested
    class CompatibilityDialects {

        @ParameterizedTest
        @CsvSource({
            "/api/v1/tickets/5, ticket-service",
            "/api/v1/ticket_articles/by_ticket/5, ticket-service",
            "/api/v1/object_manager_attributes_execute_migrations, ticket-service",
            "/api/v1/users/me, user-service",
            "/api/v1/user_access_token, user-service",
            "/api/v1/online_notifications/mark_all_as_read, notification-service",
            "/api/v1/knowledge_bases/1/answers/2, kb-service"
        })
        void v1ResourcesRouteToTheirOwner(String uri, String service) {
            Received received = forwarded(uri);

            assertThat(received.service()).isEqualTo(service);
            assertThat(received.path()).isEqualTo(uri);
        }

        @ParameterizedTest
        @CsvSource({
            "/api/v2/tickets/9/posts/, ticket-service",
            "/api/v2/custom_fields/, ticket-service",
            "/api/v2/departments, ticket-service",
            "/api/v2/users/3, user-service",
            "/api/v2/user_statuses, user-service",
            "/api/v2/groups/, user-service",
            "/api/v2/knowledge_base/articles, kb-service"
        })
        void v2ResourcesRouteToTheirOwner(String uri, String service) {
            assertThat(forwarded(uri).service()).isEqualTo(service);
        }

        @Test
        void unknownV1ResourceIsNotFoundInTheV1Shape() {
            client.get()
                    .uri("/api/v1/nonsense/1")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody()
                    .jsonPath("$.error")
                    .isEqualTo("No route matches /api/v1/nonsense/1")
                    .jsonPath("$.error_human")
                    .isEqualTo("No route matches /api/v1/nonsense/1");
        }

        @Test
        void unknownV2ResourceIsNotFoundInTheV2Shape() {
            client.get()
                    .uri("/api/v2/nonsense")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.errors.length()")
                    .isEqualTo(1)
                    .jsonPath("$.errors[0].code")
                    .isEqualTo(404)
                    .jsonPath("$.errors[0].title")
                    .isEqualTo("not_found")
                    .jsonPath("$.errors[0].details")
                    .isEqualTo("Unknown resource: nonsense");
        }

        @ParameterizedTest
        @CsvSource({
            "/api/create_ticket/, ticket-service",
            "/api/hold_ticket/, ticket-service",
            "/api/resolve/, ticket-service",
            "/api/list_queues/, ticket-service",
            "/api/find_user/, user-service"
        })
        void legacyFormMethodsRouteToTheirOwner(String uri, String service) {
            Received received = receivedBy(client.post()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .bodyValue("ticket=31794"));

            assertThat(received.service()).isEqualTo(service);
            assertThat(received.path()).isEqualTo(uri);
            assertThat(received.body()).isEqualTo("ticket=31794");
        }

        @Test
        void unknownLegacyMethodIsNotFoundInPlainText() {
            client.post()
                    .uri("/api/steal_ticket/")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .expectBody(String.class)
                    .isEqualTo("Unknown API method: steal_ticket");
        }
    }

    @Nested
    class PathsOutsideApi {

        @ParameterizedTest
        @CsvSource({
            "/User/Token, user-service",
            "/user/token, user-service",
            "/File/Get?id=12, ticket-service",
            "/file/get?id=12, ticket-service",
            "/KB/View/how-to-reset-a-password, kb-service",
            "/kb/view/12, kb-service",
            "/webhooks/subscriptions/3, notification-service",
            "/automation/rules, automation-service"
        })
        void productPathsRouteToTheirOwnerUnchanged(String uri, String service) {
            Received received = forwarded(uri);

            assertThat(received.service()).isEqualTo(service);
            assertThat(received.path() + (received.query().isEmpty() ? "" : "?" + received.query()))
                    .isEqualTo(uri);
        }

        @ParameterizedTest
        @CsvSource({
            "/platform/ticket-service/whoami, ticket-service, /platform/whoami",
            "/platform/user-service/whoami, user-service, /platform/whoami",
            "/platform/notification-service/deliveries/7, notification-service, /platform/deliveries/7",
            "/platform/kb-service, kb-service, /platform"
        })
        void platformPathIsRewrittenForTheNamedService(String uri, String service, String path) {
            Received received = forwarded(uri);

            assertThat(received.service()).isEqualTo(service);
            assertThat(received.path()).isEqualTo(path);
        }

        @Test
        void platformPathOfAnUnknownServiceIsNotFoundAsProblemDetails() {
            client.get()
                    .uri("/platform/mail-service/whoami")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(404)
                    .jsonPath("$.detail")
                    .isEqualTo("Unknown service: mail-service");
        }

        @Test
        void serviceThatDoesNotAnswerInTimeIsGatewayTimeoutInTheDialectsShape() {
            long started = System.nanoTime();
            client.mutate()
                    .responseTimeout(Duration.ofSeconds(30))
                    .build()
                    .get()
                    .uri("/api/Tickets?delay=10000")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("The service did not answer in time"));
            // the configured 2 s, not the stub's 10 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }

        @Test
        void serviceThatAnswersWithinTheTimeoutIsProxied() {
            assertThat(forwarded("/api/Tickets?delay=300").query()).isEqualTo("delay=300");
        }

        @Test
        void unreachableServiceIsServiceUnavailableInTheDialectsShape() {
            adminGet("/ghost/anything")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(503)
                    .jsonPath("$.detail")
                    .isEqualTo("The service is unavailable");
        }

        @Test
        void pathNobodyOwnsIsNotFoundForAnAuthenticatedCaller() {
            adminGet("/nothing/here")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(404);
        }
    }

    @Nested
    class Authentication {

        @Test
        void requestWithoutCredentialsIsUnauthorized() {
            client.get()
                    .uri("/api/Tickets")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Relaydesk\"")
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .expectBody(String.class)
                    .isEqualTo("Unauthorized");
        }

        @Test
        void requestWithAWrongPasswordIsUnauthorized() {
            client.get()
                    .uri("/api/Tickets")
                    .header(HttpHeaders.AUTHORIZATION, basic("admin", "wrong"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Relaydesk\"")
                    .expectBody(String.class)
                    .isEqualTo("Unauthorized");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Basic !!!not-base64!!!", "Basic YWRtaW4=", "Bearer some.jwt.token", "admin:admin"})
        void malformedOrUnsupportedCredentialsAreUnauthorized(String authorization) {
            client.get()
                    .uri("/api/Tickets")
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Relaydesk\"");
        }

        @Test
        void unauthorizedIsInTheV1ShapeOnV1Paths() {
            client.get()
                    .uri("/api/v1/tickets")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .exists(HttpHeaders.WWW_AUTHENTICATE)
                    .expectBody()
                    .jsonPath("$.error")
                    .isEqualTo("Unauthorized")
                    .jsonPath("$.error_human")
                    .isEqualTo("Unauthorized");
        }

        @Test
        void unauthorizedIsInTheV2ShapeOnV2Paths() {
            client.get()
                    .uri("/api/v2/tickets")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.errors[0].code")
                    .isEqualTo(401)
                    .jsonPath("$.errors[0].title")
                    .isEqualTo("unauthorized");
        }

        @Test
        void gatewaysOwnActuatorEndpointsOtherThanProbesNeedCredentials() {
            client.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
        }

        @Test
        void userServiceFailureIsServiceUnavailableNotUnauthorized() {
            client.get()
                    .uri("/api/Tickets")
                    .header(HttpHeaders.AUTHORIZATION, basic("broken", "whatever"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectBody(String.class)
                    .isEqualTo("Credentials cannot be verified right now");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/.well-known/jwks.json",
                    "/actuator/health",
                    "/actuator/health/liveness",
                    "/actuator/health/readiness",
                    "/actuator/prometheus",
                    "/actuator/info",
                    "/helpdesk/.well-known/jwks.json"
                })
        void publicEndpointsNeedNoCredentialsNorTenant(String path) {
            client.get()
                    .uri(path)
                    .header(HttpHeaders.HOST, "not_a_tenant.example.com")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        @Test
        void prometheusExposesGatewayRouteMetricsPerService() {
            forwarded("/api/Articles");

            client.get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("routeId=\"kb-service\""));
        }
    }

    @Nested
    class InternalToken {

        @Test
        void forwardedTokenVerifiesAgainstTheJwksKeyAndCarriesTheCaller() throws Exception {
            Received received = forwarded("/api/Tickets", "acme.example.com");
            SignedJWT token =
                    SignedJWT.parse(received.header("authorization").getFirst().substring(7));

            JWKSet jwks = JWKSet.parse(client.get()
                    .uri("/.well-known/jwks.json")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody());
            RSAKey key = (RSAKey) jwks.getKeyByKeyId(token.getHeader().getKeyID());

            assertThat(key).isNotNull();
            assertThat(key.isPrivate()).isFalse();
            assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
            JWTClaimsSet claims = token.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo("relaydesk-gateway");
            assertThat(claims.getAudience()).containsExactly("relaydesk-services");
            assertThat(claims.getSubject()).isEqualTo("1");
            assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
            assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
            assertThat(Duration.between(
                            claims.getIssueTime().toInstant(),
                            claims.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        void forwardedTokenIsAcceptedByTheServicesDecoder() {
            // Configured as InternalTokenSecurityConfiguration in the services' starter configures it.
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(
                            "http://localhost:" + port + "/.well-known/jwks.json")
                    .build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefaultWithIssuer("relaydesk-gateway"),
                    new JwtClaimValidator<List<String>>(
                            "aud", aud -> aud != null && aud.contains("relaydesk-services"))));
            String bearer = forwarded("/api/Tickets", "initech.example.com")
                    .header("authorization")
                    .getFirst()
                    .substring(7);

            Jwt jwt = decoder.decode(bearer).block(Duration.ofSeconds(10));

            assertThat(jwt).isNotNull();
            assertThat(jwt.getSubject()).isEqualTo("1");
            assertThat(jwt.getClaimAsString("tenant")).isEqualTo("initech");
            assertThat(jwt.getClaimAsStringList("roles")).containsExactly("admin");
        }

        @Test
        void callersCredentialsCookiesAndInternalHeadersNeverReachTheService() {
            Received received = receivedBy(adminGet("/api/Tickets")
                    .header(HttpHeaders.COOKIE, "session=abc")
                    .header("X-Internal-User", "99")
                    .header("x-internal-roles", "admin"));

            assertThat(received.header("authorization")).hasSize(1).noneMatch(v -> v.contains(ADMIN.substring(6)));
            assertThat(received.header("authorization").getFirst()).startsWith("Bearer ey");
            assertThat(received.header("cookie")).isEmpty();
            assertThat(received.headers().keySet()).noneMatch(name -> name.startsWith("x-internal-"));
        }

        @Test
        void hopByHopAndCallerSuppliedForwardingHeadersNeverReachTheService() {
            Received received = receivedBy(adminGet("/api/Tickets")
                    .header(HttpHeaders.CONNECTION, "keep-alive, X-Hop-Secret")
                    .header("X-Hop-Secret", "for the gateway only")
                    .header("Keep-Alive", "timeout=5")
                    .header(HttpHeaders.PROXY_AUTHORIZATION, "Basic c2VjcmV0OnNlY3JldA==")
                    .header("Forwarded", "for=203.0.113.9;proto=https")
                    .header("X-Forwarded-Host", "evil.example.com")
                    .header("X-Custom", "kept"));

            assertThat(received.headers().keySet())
                    .doesNotContain("x-hop-secret", "keep-alive", "proxy-authorization", "forwarded")
                    .noneMatch(name -> name.startsWith("x-forwarded-"));
            assertThat(received.header("x-custom")).containsExactly("kept");
        }

        @Test
        void aChunkedRequestBodyIsNotForwardedWithAContentLengthAsWell() {
            Received received = receivedBy(client.post()
                    .uri("/api/Tickets")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(
                            Flux.just("{\"a\":", "1}")
                                    .map(part -> DefaultDataBufferFactory.sharedInstance.wrap(
                                            part.getBytes(StandardCharsets.UTF_8))),
                            DataBuffer.class));

            assertThat(received.body()).isEqualTo("{\"a\":1}");
            assertThat(received.header("content-length").size()
                            + received.header("transfer-encoding").size())
                    .isEqualTo(1);
        }

        @Test
        void aRequestBodyOfKnownLengthIsForwardedWithThatLength() {
            String body = "{\"subject\":\"printer\"}";
            Received received = receivedBy(client.post()
                    .uri("/api/Tickets")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body));

            assertThat(received.body()).isEqualTo(body);
            assertThat(received.header("content-length"))
                    .containsExactly(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
            assertThat(received.header("transfer-encoding")).isEmpty();
        }

        @Test
        void theCallersUserAgentAndAcceptReachTheServiceOnce() {
            Received received = receivedBy(adminGet("/api/Tickets")
                    .header(HttpHeaders.USER_AGENT, "integration/1.0")
                    .header(HttpHeaders.ACCEPT, "application/xml"));

            assertThat(received.header("user-agent")).containsExactly("integration/1.0");
            assertThat(received.header("accept")).containsExactly("application/xml");
        }

        @ParameterizedTest
        @ValueSource(ints = {201, 299, 418, 599})
        void theServicesStatusReachesTheCallerAlsoOneSpringDoesNotKnow(int status) {
            adminGet("/api/Tickets?status=" + status)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(status)
                    .expectBody(Received.class)
                    .value(received -> assertThat(received.query()).isEqualTo("status=" + status));
        }

        @Test
        void theAnswersHopByHopHeadersStayAtTheGateway() {
            adminGet("/api/Tickets?hop=1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-Stub-Kept", "kept")
                    .expectHeader()
                    .doesNotExist("X-Stub-Private")
                    .expectHeader()
                    .doesNotExist("Keep-Alive");
        }

        @Test
        void originalHostIsNotForwardedAsHost() {
            Received received = forwarded("/api/Tickets", "acme.example.com");

            assertThat(received.header("host")).noneMatch(h -> h.startsWith("acme.example.com"));
        }

        @Test
        void tokenIsReusedAcrossRequestsOfTheSameCaller() {
            String first = forwarded("/api/Tickets", "reuse.example.com")
                    .header("authorization")
                    .getFirst();
            String second = forwarded("/api/Users", "reuse.example.com")
                    .header("authorization")
                    .getFirst();

            assertThat(second).isEqualTo(first);
        }

        @Test
        void rolesAreLowercaseAndUserServiceCannotGrantTheGatewayRole() throws Exception {
            Received received = receivedBy(
                    client.get().uri("/api/Tickets").header(HttpHeaders.AUTHORIZATION, basic("tech", "secret")));

            JWTClaimsSet claims = claims(received);
            assertThat(claims.getSubject()).isEqualTo("42");
            assertThat(claims.getStringListClaim("roles")).containsExactly("technician");
        }
    }

    @Nested
    class Proxying {

        @Autowired
        ApplicationContext context;

        @Test
        void requestsAreForwardedOverPoolsOfTheCallersEventLoopInsteadOfTheStockSharedPool() {
            var routing = context.getBeansOfType(NettyRoutingFilter.class);
            assertThat(routing.values()).singleElement().isInstanceOf(LoopLocalRouting.class);
            assertThat(context.getBeansOfType(NettyWriteResponseFilter.class)).hasSize(1);

            forwarded("/api/Tickets", "proxying.example.com");

            assertThat(((LoopLocalRouting) routing.values().iterator().next()).pools())
                    .isGreaterThanOrEqualTo(1);
        }

        @Test
        void onlyTheGlobalFiltersTheRoutesNeedAreInTheChain() {
            assertThat(context.getBeansOfType(GlobalFilter.class).values())
                    .extracting(filter -> filter.getClass().getSimpleName())
                    .containsExactlyInAnyOrder(
                            "ContextAnchor",
                            "GatewayMetricsFilter",
                            "InternalTokenRelay",
                            "ServiceRequestUrl",
                            "LoopLocalRouting",
                            "AnswerWriting",
                            // refuses lb:// routes while no load balancer is on the classpath
                            "NoLoadBalancerClientFilter");
            assertThat(context.getBeansOfType(WeightCalculatorWebFilter.class)).isEmpty();
        }

        @Test
        void theRequestUrlIsBuiltByTheGatewaysOwnFilterInsteadOfTheStockOne() {
            assertThat(context.getBeansOfType(RouteToRequestUrlFilter.class)).isEmpty();
            assertThat(context.getBeansOfType(ServiceRequestUrl.class)).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"identity", "gzip"})
        void aSmallAnswerLeavesTheGatewayInOneWrite(String encoding) throws Exception {
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/Tickets?pad=2000"))
                        .header(HttpHeaders.AUTHORIZATION, ADMIN)
                        .header(HttpHeaders.ACCEPT_ENCODING, encoding)
                        .header("X-Forwarded-For", nextIp())
                        .build();
                http.send(request, HttpResponse.BodyHandlers.discarding()); // the connection is open and warm
                WriteCounting.DATA_FLUSHES.set(0);

                HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue(HttpHeaders.CONTENT_ENCODING))
                        .isEqualTo(
                                encoding.equals("gzip") ? java.util.Optional.of("gzip") : java.util.Optional.empty());
            }
            // status line, headers and body together; the stock writer flushed the headers first, then the body
            assertThat(WriteCounting.DATA_FLUSHES).hasValue(1);
        }

        @Test
        void anAnswerLargerThanTheWholeLimitStreamsToTheCallerIntact() {
            byte[] body = adminGet("/api/Tickets?pad=200000")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBodyContent();

            assertThat(body.length).isGreaterThan(200_000);
            Map<?, ?> echo = JsonMapper.builder().build().readValue(body, Map.class);
            assertThat(echo.get("query")).isEqualTo("pad=200000");
            assertThat((String) echo.get("padding")).hasSizeGreaterThan(200_000);
        }

        @Test
        void aHeadRequestIsAnsweredWithTheLengthAndNoBody() {
            client.head()
                    .uri("/api/Tickets?pad=500")
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .exists(HttpHeaders.CONTENT_LENGTH)
                    .expectBody()
                    .isEmpty();
            // the connection is still usable afterwards
            assertThat(forwarded("/api/Tickets").method()).isEqualTo("GET");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/api/Tickets?subject=a%20b%2Fc&x=1+2&y=%C3%A9&empty=&flag",
                    "/api/Ticket/5",
                    "/helpdesk/api/Ticket/5?q=%3F%26%23",
                    "/api/v1/users/3?include=a,b"
                })
        void pathAndQueryReachTheServiceExactlyAsSent(String sent) throws Exception {
            HttpResponse<byte[]> answer;
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                answer = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + sent))
                                .header(HttpHeaders.AUTHORIZATION, ADMIN)
                                .header("X-Forwarded-For", nextIp())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            }
            assertThat(answer.statusCode()).isEqualTo(200);
            Received received = JsonMapper.builder().build().readValue(answer.body(), Received.class);
            String expected = sent.replaceFirst("^/helpdesk", "");
            assertThat(received.path() + (received.query().isEmpty() ? "" : "?" + received.query()))
                    .isEqualTo(expected);
        }
    }

    @Nested
    class CredentialCache {

        @Test
        void secondCallWithTheSameCredentialsDoesNotVerifyAgain() {
            forwarded("/api/Tickets", "cached.example.com");
            forwarded("/api/Assets", "cached.example.com");

            assertThat(ServiceStubs.get().verifyCallsFor("cached")).hasSize(1);
        }

        @Test
        void credentialCheckCarriesAGatewayTokenForTheTenantAndTheCredentialsAsJson() throws Exception {
            forwarded("/api/Tickets", "verifying.example.com");

            Received call = ServiceStubs.get().verifyCallsFor("verifying").getFirst();
            JWTClaimsSet claims = claims(call);
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.header("content-type").getFirst()).startsWith("application/json");
            assertThat(claims.getSubject()).isEqualTo("0");
            assertThat(claims.getStringListClaim("roles")).containsExactly("gateway");
            assertThat(claims.getAudience()).containsExactly("relaydesk-services");
            assertThat(call.body()).contains("\"username\":\"admin\"").contains("\"password\":\"admin\"");
        }

        @Test
        void failedVerificationIsNotCached() {
            for (int i = 0; i < 2; i++) {
                client.get()
                        .uri("/api/Tickets")
                        .header(HttpHeaders.HOST, "failing.example.com")
                        .header(HttpHeaders.AUTHORIZATION, basic("admin", "nope"))
                        .exchange()
                        .expectStatus()
                        .isUnauthorized();
            }

            assertThat(ServiceStubs.get().verifyCallsFor("failing")).hasSize(2);
        }

        @Test
        void sameCredentialsInAnotherTenantAreVerifiedThere() {
            forwarded("/api/Tickets", "first.example.com");
            forwarded("/api/Tickets", "second.example.com");

            assertThat(ServiceStubs.get().verifyCallsFor("first")).hasSize(1);
            assertThat(ServiceStubs.get().verifyCallsFor("second")).hasSize(1);
        }
    }

    @Nested
    class RequestIds {

        @Test
        void callersRequestIdIsPassedDownstreamAndEchoed() {
            Received received = adminGet("/api/Tickets")
                    .header("X-Request-Id", "client-req_42:a.b")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-Request-Id", "client-req_42:a.b")
                    .expectBody(Received.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(received.header("x-request-id")).containsExactly("client-req_42:a.b");
        }

        @Test
        void missingRequestIdIsGeneratedAndSharedWithTheService() {
            var result = adminGet("/api/Tickets")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Received.class)
                    .returnResult();
            String id = result.getResponseHeaders().getFirst("X-Request-Id");

            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(result.getResponseBody().header("x-request-id")).containsExactly(id);
        }

        @ParameterizedTest
        @ValueSource(strings = {"has spaces in it", "semi;colon", "x"})
        void unsafeOrOverlongRequestIdIsReplaced(String given) {
            String id = given.equals("x") ? "x".repeat(129) : given;
            Received received = receivedBy(adminGet("/api/Tickets").header("X-Request-Id", id));

            assertThat(received.header("x-request-id")).hasSize(1).doesNotContain(id);
        }

        @Test
        void gatewaysOwnErrorsCarryTheRequestId() {
            client.get()
                    .uri("/api/Tickets")
                    .header("X-Request-Id", "failing-call")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueEquals("X-Request-Id", "failing-call");
        }
    }

    @Nested
    class Compression {

        @Test
        void largeJsonResponseIsGzippedWhenTheClientAcceptsIt() throws IOException {
            // A raw client: the test must see the bytes on the wire, not a transparently decompressed body.
            var response = HttpClient.create()
                    .headers(h -> h.set(HttpHeaders.ACCEPT_ENCODING, "gzip").set(HttpHeaders.AUTHORIZATION, ADMIN))
                    .get()
                    .uri("http://localhost:" + port + "/api/Tickets?pad=8000")
                    .responseSingle((res, body) -> body.asByteArray()
                            .map(bytes -> Map.entry(
                                    String.valueOf(res.responseHeaders().get(HttpHeaders.CONTENT_ENCODING)), bytes)))
                    .block(Duration.ofSeconds(10));

            assertThat(response).isNotNull();
            assertThat(response.getKey()).isEqualTo("gzip");
            assertThat(response.getValue().length).isLessThan(4000);
            try (var in = new GZIPInputStream(new ByteArrayInputStream(response.getValue()))) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(json).contains("\"service\":\"ticket-service\"").hasSizeGreaterThan(8000);
            }
        }

        @Test
        void responseIsNotGzippedWhenTheClientDoesNotAskForIt() {
            var response = HttpClient.create()
                    .headers(h -> h.set(HttpHeaders.AUTHORIZATION, ADMIN))
                    .get()
                    .uri("http://localhost:" + port + "/api/Tickets?pad=8000")
                    .responseSingle((res, body) -> body.asString()
                            .map(text -> Map.entry(
                                    String.valueOf(res.responseHeaders().get(HttpHeaders.CONTENT_ENCODING)), text)))
                    .block(Duration.ofSeconds(10));

            assertThat(response).isNotNull();
            assertThat(response.getKey()).isEqualTo("null");
            assertThat(response.getValue()).contains("\"service\":\"ticket-service\"");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Authentication schemes, credential eviction, lock-out, rate limits, authentication events, secrets in logs

    static final String ISSUER = "https://issuer.test";
    static final RSAKey OIDC_KEY = rsaKey("oidc-test");

    static {
        ServiceStubs.jwks = new JWKSet(OIDC_KEY.toPublicJWK()).toString();
    }

    @Autowired
    KafkaMessageListenerContainer<String, CloudEvent> credentialChanges;

    static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwt(RSAKey key, String issuer, String email, Instant expiresAt) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer(issuer)
                            .subject("oidc-subject-1")
                            .audience("relaydesk")
                            .claim("email", email)
                            .issueTime(new Date())
                            .expirationTime(Date.from(expiresAt))
                            .build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    WebTestClient.ResponseSpec call(String tenant, String uri, String authorization) {
        return client.get()
                .uri(uri)
                .header(HttpHeaders.HOST, tenant + ".example.com")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange();
    }

    WebTestClient.ResponseSpec callFrom(String ip, String tenant, String authorization) {
        return client.get()
                .uri("/api/Tickets")
                .header(HttpHeaders.HOST, tenant + ".example.com")
                .header("X-Forwarded-For", ip + ", 10.0.0.1")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange();
    }

    static List<Map<?, ?>> verifyBodies(String tenant) {
        return ServiceStubs.get().verifyCallsFor(tenant).stream()
                .<Map<?, ?>>map(call -> JsonMapper.builder().build().readValue(call.body(), Map.class))
                .toList();
    }

    @Nested
    class Schemes {

        @Test
        void basicUsernameAndPasswordIsVerifiedAsAPasswordLogin() {
            call("scheme-basic", "/api/Tickets", ADMIN).expectStatus().isOk();

            assertThat(verifyBodies("scheme-basic"))
                    .containsExactly(Map.of("scheme", "password", "username", "admin", "password", "admin"));
        }

        @Test
        void domainBackslashUsernameIsPassedOnAsIs() {
            call("scheme-domain", "/api/Tickets", basic("CORP\\admin", "admin"))
                    .expectStatus()
                    .isOk();

            assertThat(verifyBodies("scheme-domain").getFirst().get("username")).isEqualTo("CORP\\admin");
        }

        @Test
        void basicEmailAndApiKeyIsVerifiedAsAnApiKey() {
            call("scheme-apikey", "/api/Tickets", basic("admin@example.com", "ak-admin-123"))
                    .expectStatus()
                    .isOk();

            assertThat(verifyBodies("scheme-apikey"))
                    .containsExactly(
                            Map.of("scheme", "api-key", "email", "admin@example.com", "apiKey", "ak-admin-123"));
        }

        @Test
        void basicEmailAndPasswordFallsBackToAPasswordLoginWhenNotAnApiKey() {
            call("scheme-email", "/api/Tickets", basic("admin@example.com", "admin"))
                    .expectStatus()
                    .isOk();

            assertThat(verifyBodies("scheme-email"))
                    .extracting(body -> (Object) body.get("scheme"))
                    .containsExactly("api-key", "password");
        }

        @Test
        void bearerUserTokenIsVerifiedAsAUserToken() {
            call("scheme-bearer", "/api/Tickets", "Bearer ut-admin-bearer")
                    .expectStatus()
                    .isOk();

            assertThat(verifyBodies("scheme-bearer"))
                    .containsExactly(Map.of("scheme", "user-token", "token", "ut-admin-bearer"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"Token token=ut-admin-plain", "Token token=\"ut-admin-quoted\"", "token Token=ut-admin-x"})
        void tokenSchemeWithOrWithoutQuotesIsVerifiedAsAUserToken(String authorization) {
            String tenant = "scheme-token-" + Math.abs(authorization.hashCode() % 1000);
            call(tenant, "/api/Tickets", authorization).expectStatus().isOk();

            assertThat(verifyBodies(tenant).getFirst().get("token")).asString().startsWith("ut-admin-");
        }

        @Test
        void oidcJwtFromTheConfiguredIssuerIsValidatedAndMappedByEmailAndSubject() {
            String token =
                    jwt(OIDC_KEY, ISSUER, "admin@example.com", Instant.now().plusSeconds(300));

            call("scheme-oidc", "/api/Tickets", "Bearer " + token)
                    .expectStatus()
                    .isOk();

            assertThat(verifyBodies("scheme-oidc"))
                    .containsExactly(
                            Map.of("scheme", "subject", "email", "admin@example.com", "subject", "oidc-subject-1"));
        }

        @Test
        void oidcJwtSignedWithAnotherKeyIsUnauthorizedWithoutAskingUserService() {
            String forged = jwt(
                    rsaKey("oidc-test"),
                    ISSUER,
                    "admin@example.com",
                    Instant.now().plusSeconds(300));

            call("scheme-forged", "/api/Tickets", "Bearer " + forged)
                    .expectStatus()
                    .isUnauthorized();

            assertThat(ServiceStubs.get().verifyCallsFor("scheme-forged")).isEmpty();
        }

        @Test
        void expiredOidcJwtIsUnauthorized() {
            String expired =
                    jwt(OIDC_KEY, ISSUER, "admin@example.com", Instant.now().minusSeconds(600));

            call("scheme-expired", "/api/Tickets", "Bearer " + expired)
                    .expectStatus()
                    .isUnauthorized();
        }

        @Test
        void jwtOfAnotherIssuerIsTreatedAsAUserToken() {
            String other = jwt(
                    OIDC_KEY,
                    "https://elsewhere.test",
                    "admin@example.com",
                    Instant.now().plusSeconds(60));

            call("scheme-other-iss", "/api/Tickets", "Bearer " + other)
                    .expectStatus()
                    .isUnauthorized();

            assertThat(verifyBodies("scheme-other-iss").getFirst().get("scheme"))
                    .isEqualTo("user-token");
        }
    }

    @Nested
    class CredentialEviction {

        void awaitConsumerAssigned() {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> credentialChanges.getAssignedPartitions() != null
                            && !credentialChanges.getAssignedPartitions().isEmpty());
        }

        CloudEvent event(String type, String tenant, String data) {
            return CloudEventBuilder.v1()
                    .withId(UUID.randomUUID().toString())
                    .withSource(URI.create("/relaydesk/user-service"))
                    .withType(type)
                    .withExtension("tenant", tenant)
                    .withDataContentType("application/json")
                    .withData(data.getBytes(StandardCharsets.UTF_8))
                    .build();
        }

        @Test
        void usersTokenStopsWorkingOnceTheirPasswordChanges() {
            awaitConsumerAssigned();
            call("evict-user", "/api/Tickets", "Bearer ut-admin-evict")
                    .expectStatus()
                    .isOk();
            call("evict-user", "/api/Tickets", "Bearer ut-admin-evict")
                    .expectStatus()
                    .isOk();
            assertThat(ServiceStubs.get().verifyCallsFor("evict-user")).hasSize(1); // the second came from the cache

            ServiceStubs.get().revoked.add("evict-user:ut-admin-evict"); // user-service: the password changed
            TopicReader.publish(
                    "user.credentials",
                    "evict-user:1",
                    event(
                            CredentialChanges.CREDENTIALS_CHANGED,
                            "evict-user",
                            "{\"userId\":1,\"reason\":\"password\"}"));

            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> call(
                            "evict-user", "/api/Tickets", "Bearer ut-admin-evict")
                    .expectStatus()
                    .isUnauthorized());
        }

        @Test
        void rotatingTheSharedSecretInvalidatesEveryTokenOfTheTenantOnly() {
            awaitConsumerAssigned();
            call("rotate", "/api/Tickets", "Bearer ut-admin-rotate")
                    .expectStatus()
                    .isOk();
            call("rotate", "/api/Tickets", basic("user31", "pw")).expectStatus().isOk();
            call("not-rotated", "/api/Tickets", "Bearer ut-admin-kept")
                    .expectStatus()
                    .isOk();

            ServiceStubs.get().revoked.add("rotate:ut-admin-rotate");
            ServiceStubs.get().revoked.add("rotate:pw");
            TopicReader.publish("user.credentials", "rotate", event(CredentialChanges.SECRET_ROTATED, "rotate", "{}"));

            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> call(
                            "rotate", "/api/Tickets", "Bearer ut-admin-rotate")
                    .expectStatus()
                    .isUnauthorized());
            call("rotate", "/api/Tickets", basic("user31", "pw")).expectStatus().isUnauthorized();
            call("not-rotated", "/api/Tickets", "Bearer ut-admin-kept")
                    .expectStatus()
                    .isOk();
            assertThat(ServiceStubs.get().verifyCallsFor("not-rotated")).hasSize(1);
        }
    }

    @Nested
    class Lockout {

        @Test
        void threeFailedLoginsBlockTheIpEvenForTheRightPasswordWithoutAskingUserService() {
            String ip = nextIp();
            for (int i = 0; i < 3; i++) {
                callFrom(ip, "lockout", basic("admin", "wrong")).expectStatus().isUnauthorized();
            }

            callFrom(ip, "lockout", ADMIN)
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .value(HttpHeaders.RETRY_AFTER, value -> assertThat(Integer.parseInt(value))
                            .isBetween(1, 2))
                    .expectBody(String.class)
                    .value(body -> assertThat(body).startsWith("Your IP address is blocked"));
            assertThat(ServiceStubs.get().verifyCallsFor("lockout")).hasSize(3);
        }

        @Test
        void blockIsInTheDialectsShape() {
            String ip = nextIp();
            for (int i = 0; i < 3; i++) {
                callFrom(ip, "lockout-v2", "Basic !!!").expectStatus().isUnauthorized(); // malformed counts too
            }

            client.get()
                    .uri("/api/v2/tickets")
                    .header("X-Forwarded-For", ip)
                    .header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.errors[0].title")
                    .isEqualTo("ip_blocked");
        }

        @Test
        void blockIsLiftedAfterTheBlockDuration() {
            String ip = nextIp();
            for (int i = 0; i < 3; i++) {
                callFrom(ip, "lockout-lifted", basic("admin", "wrong"))
                        .expectStatus()
                        .isUnauthorized();
            }
            callFrom(ip, "lockout-lifted", ADMIN).expectStatus().isForbidden();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(6))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() ->
                            callFrom(ip, "lockout-lifted", ADMIN).expectStatus().isOk());
        }

        @Test
        void aSuccessfulLoginStartsTheCountAgain() {
            String ip = nextIp();
            callFrom(ip, "lockout-reset", basic("admin", "wrong"))
                    .expectStatus()
                    .isUnauthorized();
            callFrom(ip, "lockout-reset", basic("admin", "wrong"))
                    .expectStatus()
                    .isUnauthorized();
            callFrom(ip, "lockout-reset", ADMIN).expectStatus().isOk();
            callFrom(ip, "lockout-reset", basic("admin", "wrong"))
                    .expectStatus()
                    .isUnauthorized();
            callFrom(ip, "lockout-reset", basic("admin", "wrong"))
                    .expectStatus()
                    .isUnauthorized();

            callFrom(ip, "lockout-reset", ADMIN).expectStatus().isOk();
        }

        @Test
        void otherIpsAreNotBlocked() {
            String blocked = nextIp();
            for (int i = 0; i < 3; i++) {
                callFrom(blocked, "lockout-other", basic("admin", "wrong"))
                        .expectStatus()
                        .isUnauthorized();
            }

            callFrom(nextIp(), "lockout-other", ADMIN).expectStatus().isOk();
        }

        @Test
        void requestsWithoutCredentialsDoNotCount() {
            String ip = nextIp();
            for (int i = 0; i < 4; i++) {
                client.get()
                        .uri("/api/Tickets")
                        .header("X-Forwarded-For", ip)
                        .exchange()
                        .expectStatus()
                        .isUnauthorized();
            }

            callFrom(ip, "lockout-none", ADMIN).expectStatus().isOk();
        }
    }

    @Nested
    class RateLimits {

        @Test
        void everyResponseCarriesTheLimitAndWhatRemains() {
            call("rl-headers", "/api/Tickets", basic("user101", "pw"))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "90")
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "89");
            call("rl-headers", "/api/Users", basic("user101", "pw"))
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "88");
        }

        @Test
        void searchAndUserByEmailShareABucketOfSixtyOfTheirOwn() {
            call("rl-search", "/api/Search?query=x", basic("user102", "pw"))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "60")
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "59");
            call("rl-search", "/helpdesk/api/userByEmail?email=a@b.c", basic("user102", "pw"))
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "58");
            call("rl-search", "/api/Tickets", basic("user102", "pw"))
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "90")
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "89");
        }

        @Test
        void searchesOfTheOtherDialectsCountAgainstTheSearchLimit() {
            call("rl-search-dialects", "/api/v1/tickets/search?query=printer", basic("user108", "pw"))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "60")
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "59");
            call("rl-search-dialects", "/api/v1/users/search/?query=jo", basic("user108", "pw"))
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "58");
            call("rl-search-dialects", "/api/v2/tickets/?search=John", basic("user108", "pw"))
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "57");
            call("rl-search-dialects", "/api/v2/tickets/?page=2", basic("user108", "pw"))
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "90");
            call("rl-search-dialects", "/api/v1/tickets/12", basic("user108", "pw"))
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "90");
        }

        @Test
        void callerOverNinetyCallsAMinuteGetsTooManyRequestsWithRetryAfter() {
            // the bucket refills steadily (one call every 2/3 s), so a slow machine may get a call or two more
            int allowed = 0;
            while (allowed < 100
                    && call("rl-default", "/api/Tickets", basic("user103", "pw"))
                                    .returnResult(String.class)
                                    .getStatus()
                                    .value()
                            == 200) {
                allowed++;
            }
            assertThat(allowed).isBetween(90, 99);

            call("rl-default", "/api/Tickets", basic("user103", "pw"))
                    .expectStatus()
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "90")
                    .expectHeader()
                    .valueEquals("X-Rate-Limit-Remaining", "0")
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody(String.class)
                    .value(body -> assertThat(body).startsWith("Rate limit exceeded"));
        }

        @Test
        void tenantOverrideLimitsEachUserSeparately() {
            for (int i = 0; i < 3; i++) {
                call("limited", "/api/Tickets", basic("user104", "pw"))
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .valueEquals("X-Rate-Limit", "3");
            }
            call("limited", "/api/Tickets", basic("user104", "pw"))
                    .expectStatus()
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectHeader()
                    .value(HttpHeaders.RETRY_AFTER, value -> assertThat(Integer.parseInt(value))
                            .isBetween(1, 60));

            call("limited", "/api/Tickets", basic("user105", "pw"))
                    .expectStatus()
                    .isOk();
        }

        @Test
        void tenantSearchOverrideAppliesToSearch() {
            call("limited", "/api/Search", basic("user106", "pw"))
                    .expectStatus()
                    .isOk();
            call("limited", "/api/Search", basic("user106", "pw"))
                    .expectStatus()
                    .isOk();

            call("limited", "/api/Search", basic("user106", "pw"))
                    .expectStatus()
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectHeader()
                    .valueEquals("X-Rate-Limit", "2");
        }

        @Test
        void tooManyRequestsIsInTheDialectsShape() {
            for (int i = 0; i < 3; i++) {
                call("limited", "/api/v1/tickets", basic("user107", "pw"))
                        .expectStatus()
                        .isOk();
            }

            call("limited", "/api/v1/tickets", basic("user107", "pw"))
                    .expectStatus()
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectBody()
                    .jsonPath("$.error")
                    .exists();
        }

        @Test
        void tenantWithRateLimitDisabledIsNeitherLimitedNorTold() {
            for (int i = 0; i < 5; i++) {
                call("unlimited", "/api/Tickets", basic("user108", "pw"))
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .doesNotExist("X-Rate-Limit");
            }
        }
    }

    @Nested
    class AuthenticationAnnouncements {

        @Test
        void successfulAuthenticationIsAnnouncedOnceAMinutePerUserWithLastSeenData() {
            for (int i = 0; i < 3; i++) {
                client.get()
                        .uri("/api/Tickets")
                        .header(HttpHeaders.HOST, "audited.example.com")
                        .header("X-Forwarded-For", "198.51.100.7")
                        .header(HttpHeaders.USER_AGENT, "TestAgent/1.0")
                        .header(HttpHeaders.AUTHORIZATION, basic("user77", "pw"))
                        .exchange()
                        .expectStatus()
                        .isOk();
            }

            List<ConsumerRecord<String, CloudEvent>> records = recordsFor("audited:77", Duration.ofSeconds(15));
            assertThat(records).hasSize(1);
            CloudEvent event = records.getFirst().value();
            assertThat(event.getType()).isEqualTo("relaydesk.auth.succeeded.v1");
            assertThat(event.getSource()).hasToString("/relaydesk/gateway");
            assertThat(event.getSubject()).isEqualTo("77");
            assertThat(event.getExtension("tenant")).isEqualTo("audited");
            Map<?, ?> data =
                    JsonMapper.builder().build().readValue(event.getData().toBytes(), Map.class);
            assertThat(data.get("userId")).isEqualTo(77);
            assertThat(data.get("ipAddress")).isEqualTo("198.51.100.7");
            assertThat(data.get("hostName")).isEqualTo("198.51.100.7");
            assertThat(data.get("userAgent")).isEqualTo("TestAgent/1.0");
            assertThat(data.get("occurredAt")).asString().isNotBlank();
        }

        /** Every record with the key: waits for the first, then a little longer for any that should not be there. */
        List<ConsumerRecord<String, CloudEvent>> recordsFor(String key, Duration timeout) {
            List<ConsumerRecord<String, CloudEvent>> found = new ArrayList<>();
            try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName()))) {
                consumer.subscribe(List.of("gateway.authentications"));
                long deadline = System.nanoTime() + timeout.toNanos();
                long quietUntil = Long.MAX_VALUE;
                while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                    for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                        if (key.equals(record.key())) {
                            found.add(record);
                            quietUntil = Math.min(quietUntil, System.nanoTime() + 2_000_000_000L);
                        }
                    }
                }
            }
            return found;
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    class SecretsInLogs {

        @Autowired
        LoggingSystem logging;

        @Test
        void passwordsApiKeysAndTokensNeverAppearInTheLogs(CapturedOutput output) {
            List<String> loggers =
                    List.of("dev.relaydesk", "org.springframework.web", "org.springframework.cloud.gateway");
            loggers.forEach(name -> logging.setLogLevel(name, LogLevel.DEBUG));
            String jwt =
                    jwt(OIDC_KEY, ISSUER, "admin@example.com", Instant.now().plusSeconds(300));
            String forged =
                    jwt(rsaKey("x"), ISSUER, "admin@example.com", Instant.now().plusSeconds(300));
            try {
                call("logs", "/api/Tickets", basic("admin", "Sup3rSecretPass"))
                        .expectStatus()
                        .isUnauthorized();
                call("logs", "/api/Tickets", basic("admin@example.com", "ak-LEAKY-KEY"))
                        .expectStatus()
                        .isUnauthorized();
                call("logs", "/api/Tickets", basic("broken", "BrokenUsersPassword"))
                        .expectStatus()
                        .is5xxServerError();
                call("logs", "/api/Tickets", "Bearer ut-admin-LEAKYTOKEN")
                        .expectStatus()
                        .isOk();
                call("logs", "/api/Tickets", "Token token=LEAKY-TOKEN-2")
                        .expectStatus()
                        .isUnauthorized();
                call("logs", "/api/Tickets", "Bearer " + jwt).expectStatus().isOk();
                call("logs", "/api/Tickets", "Bearer " + forged).expectStatus().isUnauthorized();
            } finally {
                loggers.forEach(name -> logging.setLogLevel(name, null));
            }

            assertThat(output.getAll())
                    .doesNotContain("Sup3rSecretPass")
                    .doesNotContain(Base64.getEncoder().encodeToString("admin:Sup3rSecretPass".getBytes()))
                    .doesNotContain("ak-LEAKY-KEY")
                    .doesNotContain("BrokenUsersPassword")
                    .doesNotContain("ut-admin-LEAKYTOKEN")
                    .doesNotContain("LEAKY-TOKEN-2")
                    .doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1))
                    .doesNotContain(forged.substring(forged.lastIndexOf('.') + 1));
        }
    }
}
