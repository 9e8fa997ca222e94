package dev.relaydesk.ticket.blob;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where attachment bytes live. Content streams through in bounded chunks ({@link Chunks#SIZE}): no implementation
 * ever holds a whole file in memory. Implementations: {@link PostgresLargeObjects} (default),
 * {@link DirectoryBlobStore} and {@link S3BlobStore}.
 */
public interface BlobStore {

    /** The name stored with each attachment ({@code attachments.blob_store}), so reads find the right store. */
    String name();

    /**
     * Stores the content as it arrives; fails with 413 once more than {@code maxBytes} arrived (nothing is kept then:
     * a database store's writes roll back with the transaction, a file store removes the partial file).
     */
    Mono<StoredBlob> store(Flux<DataBuffer> content, long maxBytes);

    /** The stored bytes, chunk by chunk, as the consumer requests them. */
    Flux<DataBuffer> read(String key, long size);

    Mono<Void> delete(String key);

    /**
     * Whether what {@link #store} wrote disappears when the caller's database transaction rolls back. When not (files,
     * object stores), the caller deletes the blobs of a transaction that failed, and deletes a blob only after the
     * transaction that forgets it has committed.
     */
    default boolean rollsBackWithTransaction() {
        return false;
    }
}
