package dev.relaydesk.ticket.api.jitbit;

import dev.relaydesk.ticket.blob.Chunks;
import dev.relaydesk.ticket.tickets.Upload;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The file parts of a multipart request ({@code uploadFile}, or any other name), as streams. The multipart reader keeps
 * at most {@code spring.webflux.multipart.max-in-memory-size} of a part in memory and spools the rest to a temporary
 * file; {@link FilePart#content()} then streams it from there. Nothing here joins a part's buffers.
 */
final class Uploads {

    /** Room for the form fields and multipart framing around the files. */
    private static final long FRAMING = 1024 * 1024;

    private Uploads() {}

    /** Refuses (413) a request whose declared length already exceeds the limit, before anything is read or spooled. */
    static void checkLength(ServerWebExchange exchange, long maxFileSize) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxFileSize + FRAMING) {
            throw Chunks.tooLarge(maxFileSize);
        }
    }

    static Mono<List<Upload>> of(ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return Mono.just(List.of());
        }
        return exchange.getMultipartData().map(parts -> parts.values().stream()
                .flatMap(List::stream)
                .filter(FilePart.class::isInstance)
                .map(FilePart.class::cast)
                .filter(f -> f.filename() != null && !f.filename().isEmpty())
                .map(f -> new Upload(f.filename(), contentType(f), f.content()))
                .toList());
    }

    private static String contentType(FilePart file) {
        MediaType declared = file.headers().getContentType();
        if (declared != null && !declared.equals(MediaType.APPLICATION_OCTET_STREAM)) {
            return declared.toString();
        }
        return MediaTypeFactory.getMediaType(file.filename())
                .orElse(MediaType.APPLICATION_OCTET_STREAM)
                .toString();
    }
}
