package dev.relaydesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** user-service's API test fixtures on top of the test kit's: users and the gateway's credential check. */
abstract class ApiTestSupport extends dev.relaydesk.testkit.ApiTestSupport {

    long createUser(String tenant, String... pairs) {
        Long id = post("CreateUser", admin(tenant), pairs)
                .expectStatus()
                .isOk()
                .expectBody(Long.class)
                .returnResult()
                .getResponseBody();
        assertThat(id).isNotNull();
        return id;
    }

    WebTestClient.ResponseSpec verify(String tenant, Map<String, ?> body) {
        return web.post()
                .uri("/internal/credentials/verify")
                .header("Authorization", bearer(tenant, 0, "gateway"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    Map<String, Object> verified(String tenant, Map<String, ?> body) {
        return verify(tenant, body)
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
    }
}
