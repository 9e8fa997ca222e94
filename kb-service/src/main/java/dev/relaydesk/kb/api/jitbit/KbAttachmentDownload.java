package dev.relaydesk.kb.api.jitbit;

import dev.relaydesk.kb.article.ArticleLibrary;
import dev.relaydesk.kb.article.AttachmentFile;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code KBAttachment?id=}: the download URL an article's {@code Attachments[].Url} carries. Always a download
 * ({@code Content-Disposition: attachment}, {@code nosniff}), so an uploaded HTML file never runs in the helpdesk's
 * origin.
 */
@RestController
class KbAttachmentDownload {

    private final ArticleLibrary library;
    private final JsonMapper json;

    KbAttachmentDownload(ArticleLibrary library, JsonMapper json) {
        this.library = library;
        this.json = json;
    }

    @RequestMapping(path = "/api/kbattachment", method = RequestMethod.GET)
    Mono<ResponseEntity<byte[]>> download(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> library.attachment(caller, p.requiredLong("id")))
                .map(KbAttachmentDownload::response);
    }

    private static ResponseEntity<byte[]> response(AttachmentFile file) {
        return ResponseEntity.ok()
                .contentType(mediaType(file.info().contentType()))
                .contentLength(file.content().length)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        contentDisposition(file.info().fileName()))
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(CacheControl.noCache().cachePrivate())
                .body(file.content());
    }

    private static MediaType mediaType(String stored) {
        try {
            return MediaType.parseMediaType(stored);
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /** {@code attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987 encoded>}. */
    static String contentDisposition(String fileName) {
        StringBuilder ascii = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        fileName.codePoints()
                .forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' ? (char) cp : '_'));
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
