package dev.relaydesk.ticket.blob;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Attachment bytes as PostgreSQL large objects (the key is the oid), written with {@code lo_put} one chunk at a time
 * in the caller's transaction (a failed upload rolls back with it) and read with {@code lo_get} one chunk per
 * request from the consumer.
 */
public class PostgresLargeObjects implements BlobStore {

    public static final String NAME = "postgres";

    private final DatabaseClient db;

    public PostgresLargeObjects(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Large objects are rows: they come and go with the caller's transaction. */
    @Override
    public boolean rollsBackWithTransaction() {
        return true;
    }

    @Override
    public Mono<StoredBlob> store(Flux<DataBuffer> content, long maxBytes) {
        Chunks chunks = Chunks.limitedTo(maxBytes);
        AtomicLong written = new AtomicLong();
        return db.sql("select cast(lo_create(0) as bigint)")
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(oid -> chunks.of(content)
                        .concatMap(
                                bytes -> {
                                    long offset = written.getAndAdd(bytes.length);
                                    return db.sql("select lo_put(cast(:oid as oid), :offset, :data)")
                                            .bind("oid", oid)
                                            .bind("offset", offset)
                                            .bind("data", ByteBuffer.wrap(bytes))
                                            .then();
                                },
                                1)
                        .then(Mono.fromSupplier(
                                () -> new StoredBlob(oid.toString(), chunks.total(), chunks.sha256()))));
    }

    @Override
    public Flux<DataBuffer> read(String key, long size) {
        long oid = Long.parseLong(key);
        return Flux.fromStream(() -> LongStream.iterate(0, o -> o < size, o -> o + Chunks.SIZE)
                        .boxed())
                .concatMap(
                        offset -> db.sql("select lo_get(cast(:oid as oid), :offset, :length)")
                                .bind("oid", oid)
                                .bind("offset", offset)
                                .bind("length", (int) Math.min(Chunks.SIZE, size - offset))
                                .map(row -> row.get(0, ByteBuffer.class))
                                .one()
                                .map(bytes -> (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(bytes)),
                        1);
    }

    @Override
    public Mono<Void> delete(String key) {
        return db.sql("select lo_unlink(cast(:oid as oid))")
                .bind("oid", Long.parseLong(key))
                .then();
    }
}
