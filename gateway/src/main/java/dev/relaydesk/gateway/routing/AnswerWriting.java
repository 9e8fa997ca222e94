package dev.relaydesk.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;

/**
 * Writes the service's answer to the caller. A whole answer of known, small length (a {@code Content-Length} of at most
 * {@link #WHOLE_LIMIT}, which is what every JSON answer of the API is) is read to its end and then written as one
 * message: status line, headers and body in one write. Everything else (chunked, streaming, larger, bodiless) goes as
 * with the stock {@code NettyWriteResponseFilter}, piece by piece as it arrives.
 *
 * <p>The stock filter always streams: the headers are flushed as soon as the body starts, then each piece of it. So an
 * answer that reached the gateway as one segment left it as two writes, two segments, and two wake-ups of the caller,
 * who needs both: measured with {@code strace} on the gateway benchmark's {@code GET /api/User}, three {@code sendto}
 * calls per request, two of them the answer. Holding a small body until its end adds no latency, because the caller
 * cannot use the headers without it.
 */
public final class AnswerWriting extends NettyWriteResponseFilter {

    /** The largest body held back to be written whole; larger ones stream. */
    static final long WHOLE_LIMIT = 64 * 1024;

    private final List<MediaType> streamingMediaTypes;

    public AnswerWriting(List<MediaType> streamingMediaTypes, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        super(streamingMediaTypes, headersFilters);
        this.streamingMediaTypes = List.copyOf(streamingMediaTypes);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        // runs after the routing filter and before the stock writer's own step, which finds no connection left when the
        // answer was written here
        return super.filter(exchange, routed -> chain.filter(routed).then(Mono.defer(() -> writeWhole(routed))));
    }

    private Mono<Void> writeWhole(ServerWebExchange exchange) {
        Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
        ServerHttpResponse response = exchange.getResponse();
        if (connection == null || response.isCommitted() || !whole(exchange)) {
            return Mono.empty();
        }
        exchange.getAttributes().remove(CLIENT_RESPONSE_CONN_ATTR);
        // aggregate() keeps each piece (retained) in one composite buffer, released when written or discarded
        return response.writeWith(connection.inbound().receive().aggregate().map(body -> wrap(body, response)))
                .doFinally(signal -> {
                    if (signal == SignalType.CANCEL || signal == SignalType.ON_ERROR) {
                        connection.dispose();
                    }
                });
    }

    /** An answer with a body of known length up to the limit, not streaming; the stock rules for everything else. */
    boolean whole(ServerWebExchange exchange) {
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return false;
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        long length = headers.getContentLength();
        if (length <= 0 || length > WHOLE_LIMIT || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return false;
        }
        HttpStatusCode status = response.getStatusCode();
        int code = status == null ? 200 : status.value();
        if (code < 200 || code == 204 || code == 304) {
            return false;
        }
        MediaType contentType;
        try {
            contentType = headers.getContentType();
        } catch (RuntimeException unparsable) {
            return true; // the stock filter treats an unparsable type as not streaming, too
        }
        if (contentType != null) {
            for (MediaType streaming : streamingMediaTypes) {
                if (streaming.isCompatibleWith(contentType)) {
                    return false;
                }
            }
        }
        return true;
    }
}
