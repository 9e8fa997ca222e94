package dev.relaydesk.ticket.blob;

import dev.relaydesk.contract.ApiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;

/**
 * Regroups a stream of (small) buffers into chunks of about {@link #SIZE} bytes, counting and hashing as it goes and
 * failing with 413 past the limit. At most one chunk (plus one incoming buffer) is in memory at a time; buffers are
 * released as soon as they are copied.
 */
public final class Chunks {

    /** The largest piece of a file held in memory while it streams in or out. */
    public static final int SIZE = 256 * 1024;

    private final MessageDigest digest;
    private final long maxBytes;
    private long total;

    private Chunks(long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh counter for one stream. */
    public static Chunks limitedTo(long maxBytes) {
        return new Chunks(maxBytes);
    }

    /** The content as chunks of at most about {@link #SIZE} bytes (the last one smaller). */
    public Flux<byte[]> of(Flux<DataBuffer> content) {
        return Flux.defer(() -> {
            long[] pending = {0};
            return content.doOnNext(this::count)
                    .bufferUntil(buffer -> {
                        pending[0] += buffer.readableByteCount();
                        if (pending[0] >= SIZE) {
                            pending[0] = 0;
                            return true;
                        }
                        return false;
                    })
                    .map(Chunks::copy)
                    .filter(bytes -> bytes.length > 0);
        });
    }

    /** Counts and hashes one buffer as it passes (for stores that write buffers themselves). */
    public void count(DataBuffer buffer) {
        total += buffer.readableByteCount();
        if (total > maxBytes) {
            DataBufferUtils.release(buffer);
            throw tooLarge(maxBytes);
        }
        try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
            while (it.hasNext()) {
                digest.update(it.next());
            }
        }
    }

    public long total() {
        return total;
    }

    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "file_too_large",
                "The file is larger than the limit of " + describe(maxBytes));
    }

    private static String describe(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    private static byte[] copy(List<DataBuffer> buffers) {
        int size = 0;
        for (DataBuffer b : buffers) {
            size += b.readableByteCount();
        }
        byte[] bytes = new byte[size];
        int offset = 0;
        for (DataBuffer b : buffers) {
            int n = b.readableByteCount();
            b.read(bytes, offset, n);
            offset += n;
            DataBufferUtils.release(b);
        }
        return bytes;
    }
}
