package dev.relaydesk.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class AnswerWritingTest {

    // no header filters: the stock writer uses none when it is given no provider
    private final AnswerWriting writing =
            new AnswerWriting(List.of(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_NDJSON), null);

    private static MockServerWebExchange answered(
            MockServerHttpRequest request, HttpStatus status, Consumer<HttpHeaders> headers) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        exchange.getResponse().setStatusCode(status);
        headers.accept(exchange.getResponse().getHeaders());
        return exchange;
    }

    private static MockServerWebExchange answered(Consumer<HttpHeaders> headers) {
        return answered(MockServerHttpRequest.get("/api/User").build(), HttpStatus.OK, headers);
    }

    private static Consumer<HttpHeaders> json(long length) {
        return headers -> {
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.setContentLength(length);
        };
    }

    @Test
    void aSmallAnswerOfKnownLengthIsWrittenWhole() {
        assertThat(writing.whole(answered(json(520)))).isTrue();
        assertThat(writing.whole(answered(json(AnswerWriting.WHOLE_LIMIT)))).isTrue();
        assertThat(writing.whole(answered(headers -> headers.setContentLength(12))))
                .isTrue();
    }

    @Test
    void anAnswerWithoutALengthOrLargerThanTheLimitStreams() {
        assertThat(writing.whole(answered(headers -> headers.setContentType(MediaType.APPLICATION_JSON))))
                .isFalse();
        assertThat(writing.whole(answered(json(AnswerWriting.WHOLE_LIMIT + 1)))).isFalse();
        assertThat(writing.whole(answered(json(0)))).isFalse();
    }

    @Test
    void aChunkedAnswerStreamsEvenWithALength() {
        assertThat(writing.whole(answered(json(20).andThen(headers -> headers.set("Transfer-Encoding", "chunked")))))
                .isFalse();
    }

    @Test
    void aStreamingMediaTypeStreams() {
        assertThat(writing.whole(answered(headers -> {
                    headers.setContentType(MediaType.TEXT_EVENT_STREAM);
                    headers.setContentLength(100);
                })))
                .isFalse();
    }

    @Test
    void anAnswerToHeadHasNoBodyToWait() {
        assertThat(writing.whole(
                        answered(MockServerHttpRequest.head("/api/User").build(), HttpStatus.OK, json(520))))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 304})
    void anAnswerWithoutBodyByItsStatusIsNotWaitedFor(int status) {
        assertThat(writing.whole(
                        answered(MockServerHttpRequest.get("/api/User").build(), HttpStatus.valueOf(status), json(10))))
                .isFalse();
    }

    @Test
    void anUnparsableContentTypeIsNotStreaming() {
        assertThat(writing.whole(answered(headers -> {
                    headers.set(HttpHeaders.CONTENT_TYPE, "not a type");
                    headers.setContentLength(10);
                })))
                .isTrue();
    }
}
