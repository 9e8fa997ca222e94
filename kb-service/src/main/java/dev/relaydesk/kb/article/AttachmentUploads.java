package dev.relaydesk.kb.article;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.kb.KbServiceProperties;
import java.text.Normalizer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes in a file sent with an article: reads at most {@code relaydesk.kb.attachments.max-file-size} bytes (a larger
 * file is a 400), keeps only the last segment of its name without control or reserved characters, and settles its
 * content type (as sent, else guessed from the name, else {@code application/octet-stream}).
 */
@Component
public class AttachmentUploads {

    private static final int MAX_NAME_LENGTH = 200;

    private final DataSize maxFileSize;

    public AttachmentUploads(KbServiceProperties properties) {
        this.maxFileSize = properties.attachments().maxFileSize();
    }

    public Mono<NewAttachment> read(String fileName, String contentType, Flux<DataBuffer> content) {
        String name = sanitizeFileName(fileName);
        return DataBufferUtils.join(content, (int) maxFileSize.toBytes())
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(name))
                .map(bytes -> new NewAttachment(name, contentType(contentType, name), bytes));
    }

    /** The 400 for a file over the limit; {@code fileName} may be null when the multipart reader refused it. */
    public ApiException tooLarge(String fileName) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "file_too_large",
                (fileName == null ? "An attached file" : "File '" + fileName + "'") + " is larger than the limit of "
                        + describe(maxFileSize));
    }

    /**
     * The 400 for a request the multipart or form reader refused while reading it: a file over the limit (the reader's
     * disk limit is the file size limit), or a field over {@code spring.codec.max-in-memory-size} /
     * {@code spring.webflux.multipart.max-in-memory-size}.
     */
    public ApiException refused(DataBufferLimitException e) {
        String message = e.getMessage();
        return message != null && message.startsWith("Part exceeded the disk usage limit")
                ? tooLarge(null)
                : new ApiException(HttpStatus.BAD_REQUEST, "field_too_large", "A request field is too large");
    }

    static String sanitizeFileName(String raw) {
        String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\"*:<>?|%;]", "_")
                .strip()
                .replaceAll("^[.\\s]+", "");
        if (name.length() > MAX_NAME_LENGTH) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_NAME_LENGTH - extension.length()) + extension;
        }
        return name.isBlank() ? "attachment" : name;
    }

    static String contentType(String sent, String fileName) {
        if (sent != null && !sent.isBlank()) {
            try {
                MediaType type = MediaType.parseMediaType(sent);
                if (type.isConcrete()) {
                    return type.toString();
                }
            } catch (InvalidMediaTypeException e) {
                // fall through to the file name's type
            }
        }
        return MediaTypeFactory.getMediaType(fileName)
                .orElse(MediaType.APPLICATION_OCTET_STREAM)
                .toString();
    }

    private static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return size.toMegabytes() + " MB";
        }
        if (bytes % 1024 == 0) {
            return size.toKilobytes() + " KB";
        }
        return bytes + " bytes";
    }
}
