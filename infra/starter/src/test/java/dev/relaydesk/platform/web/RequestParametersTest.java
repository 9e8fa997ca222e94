package dev.relaydesk.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaydesk.contract.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.json.JsonMapper;

class RequestParametersTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private RequestParameters read(MockServerHttpRequest request) {
        return RequestParameters.read(MockServerWebExchange.from(request), json).block();
    }

    @Test
    void namesAreCaseInsensitiveAndRepeatedQueryParametersKeepEveryValue() {
        RequestParameters p = read(MockServerHttpRequest.get("/api/tickets?categoryId=1&CategoryID=2&mode=all")
                .build());

        assertThat(p.longs("categoryid")).containsExactly(1L, 2L);
        assertThat(p.longValue("CATEGORYID")).isEqualTo(1L);
        assertThat(p.text("Mode")).isEqualTo("all");
        assertThat(p.longs("statusId")).isEmpty();
    }

    @Test
    void aJsonBodyGivesScalarsAndArraysOfScalarsAsValues() {
        RequestParameters p = read(MockServerHttpRequest.post("/api/ticket?subject=from-query")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"subject\":\"Printer\",\"statusId\":[1,3],\"customFields\":{\"12\":\"x\"},\"x\":null}"));

        assertThat(p.text("subject")).isEqualTo("Printer");
        assertThat(p.longs("statusId")).containsExactly(1L, 3L);
        assertThat(p.text("customFields")).isEqualTo("{\"12\":\"x\"}");
        assertThat(p.has("x")).isFalse();
    }

    @Test
    void malformedValuesNameTheParameter() {
        RequestParameters p = read(MockServerHttpRequest.get("/api/x?id=abc&flag=maybe&ids=1&ids=two")
                .build());

        assertThatThrownBy(() -> p.requiredLong("id")).hasMessageContaining("id");
        assertThatThrownBy(() -> p.bool("flag")).hasMessageContaining("flag");
        assertThatThrownBy(() -> p.longs("ids")).hasMessageContaining("ids");
        assertThatThrownBy(() -> p.requiredText("missing")).hasMessageContaining("missing");
    }

    @Test
    void aMalformedJsonBodyIsABadRequest() {
        assertThatThrownBy(() -> read(MockServerHttpRequest.post("/api/x")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{not json")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
    }

    @Test
    void aJsonBodyOverTheLimitIsRefusedWithoutBeingReadWhole() {
        String big = "{\"body\":\"" + "a".repeat(RequestParameters.MAX_JSON_BYTES) + "\"}";
        assertThatThrownBy(() -> read(MockServerHttpRequest.post("/api/x")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new String(big.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
    }
}
