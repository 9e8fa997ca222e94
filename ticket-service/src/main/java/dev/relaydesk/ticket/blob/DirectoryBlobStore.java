package dev.relaydesk.ticket.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Attachment bytes as files in a local directory (key: a random file name), written and read asynchronously. */
public class DirectoryBlobStore implements BlobStore {

    public static final String NAME = "directory";

    private final Path root;

    public DirectoryBlobStore(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<StoredBlob> store(Flux<DataBuffer> content, long maxBytes) {
        String key = UUID.randomUUID().toString();
        Path file = root.resolve(key);
        Chunks chunks = Chunks.limitedTo(maxBytes);
        return Mono.fromCallable(() -> Files.createDirectories(root))
                .subscribeOn(Schedulers.boundedElastic())
                .then(DataBufferUtils.write(content.doOnNext(chunks::count), file, StandardOpenOption.CREATE_NEW))
                .then(Mono.fromSupplier(() -> new StoredBlob(key, chunks.total(), chunks.sha256())))
                .onErrorResume(e -> delete(key).then(Mono.error(e)));
    }

    @Override
    public Flux<DataBuffer> read(String key, long size) {
        return DataBufferUtils.read(resolve(key), DefaultDataBufferFactory.sharedInstance, Chunks.SIZE);
    }

    @Override
    public Mono<Void> delete(String key) {
        return Mono.fromRunnable(() -> {
                    try {
                        Files.deleteIfExists(resolve(key));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    private Path resolve(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.getParent().equals(root.normalize())) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return file;
    }
}
