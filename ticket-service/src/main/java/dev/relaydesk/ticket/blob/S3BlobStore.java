package dev.relaydesk.ticket.blob;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * Attachment bytes as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...), key: the configured prefix plus
 * a random UUID. The AWS SDK's synchronous client (over the JDK's {@code HttpURLConnection}) does the talking; every
 * call runs on {@link Schedulers#boundedElastic()}, never on an event-loop thread.
 *
 * <p>A file streams up without being held whole: its buffers are regrouped into parts of {@link #PART_SIZE} (buffers
 * released as they are copied), each part is uploaded as soon as it is full (a multipart upload), and the upload is
 * completed at the end; a file smaller than one part goes up with a single PutObject. At most about two parts of one
 * upload are in memory at a time (the one uploading and the next one filling). Past the limit (413) or on any failure
 * or cancellation the multipart upload is aborted (or the object deleted), so nothing is left in the bucket. Reads
 * stream the object back in {@link Chunks#SIZE} pieces.
 *
 * <p>The client is created on first use: a service that only reads old S3 files after switching stores, or never
 * touches S3, needs no credentials at start.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {

    public static final String NAME = "s3";

    /** The size of one uploaded part (S3's minimum is 5 MiB, except for the last part). */
    public static final int PART_SIZE = 8 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

    private final BlobProperties.S3 config;
    private S3Client client;

    public S3BlobStore(BlobProperties.S3 config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<StoredBlob> store(Flux<DataBuffer> content, long maxBytes) {
        return Mono.defer(() -> {
            Chunks chunks = Chunks.limitedTo(maxBytes);
            Write write = new Write();
            int[] pending = {0};
            return blocking(() -> {
                        write.key = config.keyPrefix() + UUID.randomUUID();
                        return client();
                    })
                    .flatMap(s3 -> chunks.of(content)
                            .bufferUntil(chunk -> {
                                pending[0] += chunk.length;
                                if (pending[0] >= PART_SIZE) {
                                    pending[0] = 0;
                                    return true;
                                }
                                return false;
                            })
                            .concatMap(part -> uninterrupted(() -> write.put(s3, part)), 1)
                            .then(uninterrupted(() -> write.finish(s3)))
                            .then(Mono.fromSupplier(() -> new StoredBlob(write.key, chunks.total(), chunks.sha256()))))
                    .onErrorResume(e -> uninterrupted(write::discard).then(Mono.error(e)))
                    .doOnCancel(() -> uninterrupted(write::discard).subscribe());
        });
    }

    @Override
    public Flux<DataBuffer> read(String key, long size) {
        return blocking(() -> client().getObject(b -> b.bucket(config.bucket()).key(key)))
                .flatMapMany(in -> DataBufferUtils.readInputStream(
                                () -> in, DefaultDataBufferFactory.sharedInstance, Chunks.SIZE)
                        .doOnCancel(() -> abort(in))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    @Override
    public Mono<Void> delete(String key) {
        return blocking(() -> {
                    try {
                        client().deleteObject(b -> b.bucket(config.bucket()).key(key));
                    } catch (NoSuchKeyException e) {
                        // already gone
                    }
                    return key;
                })
                .then();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** The client, created on first use (on a bounded-elastic thread: the credential chain may read files). */
    synchronized S3Client client() {
        if (client == null) {
            config.validate();
            S3ClientBuilder builder = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofSeconds(60)))
                    .credentialsProvider(credentials())
                    .forcePathStyle(config.pathStyleAccess())
                    // S3-compatible stores do not all understand the SDK's default trailing checksums
                    // (aws-chunked uploads); the payload is still signed, and our own SHA-256 is recorded.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            if (config.endpoint() != null) {
                builder.endpointOverride(config.endpoint());
            }
            if (config.region() != null) {
                builder.region(Region.of(config.region()));
            } else if (config.endpoint() != null) {
                builder.region(Region.US_EAST_1);
            }
            client = builder.build();
        }
        return client;
    }

    private AwsCredentialsProvider credentials() {
        if (config.accessKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Like {@link #blocking} but runs to its end even when the subscriber goes away: a cancelled request must not
     * interrupt an upload call half-way (S3 could have created a multipart upload whose id we would then never learn,
     * and so never abort). The cleanup that follows a failure or cancellation waits for it.
     */
    private static <T> Mono<T> uninterrupted(Callable<T> call) {
        return Mono.defer(() -> Mono.fromFuture(
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return call.call();
                            } catch (RuntimeException e) {
                                throw e;
                            } catch (Exception e) {
                                throw new CompletionException(e);
                            }
                        },
                        task -> Schedulers.boundedElastic().schedule(task)),
                true));
    }

    private static void abort(ResponseInputStream<GetObjectResponse> in) {
        try {
            in.abort();
        } catch (RuntimeException e) {
            log.debug("Aborting an S3 download failed", e);
        }
    }

    /** One file on its way up: a single PutObject, or a multipart upload once a first full part is ready. */
    private final class Write {

        String key;
        String uploadId;
        boolean stored;
        final List<CompletedPart> parts = new ArrayList<>();

        /** Uploads one part; a part under {@link #PART_SIZE} is the last one (or the whole file). */
        synchronized Boolean put(S3Client s3, List<byte[]> part) {
            long length = 0;
            for (byte[] chunk : part) {
                length += chunk.length;
            }
            RequestBody body = RequestBody.fromContentProvider(stream(part), length, "application/octet-stream");
            if (uploadId == null && length < PART_SIZE) {
                s3.putObject(b -> b.bucket(config.bucket()).key(key), body);
                stored = true;
                return true;
            }
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(
                                b -> b.bucket(config.bucket()).key(key))
                        .uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(
                            b -> b.bucket(config.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number),
                            body)
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            return true;
        }

        /** Completes the multipart upload, or stores an empty object for an empty file. */
        synchronized Boolean finish(S3Client s3) {
            if (uploadId != null) {
                s3.completeMultipartUpload(b -> b.bucket(config.bucket())
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(
                                CompletedMultipartUpload.builder().parts(parts).build()));
                uploadId = null;
                stored = true;
            } else if (!stored) {
                s3.putObject(b -> b.bucket(config.bucket()).key(key), RequestBody.empty());
                stored = true;
            }
            return true;
        }

        /** Leaves nothing behind: aborts an unfinished multipart upload and deletes a stored object. */
        synchronized Boolean discard() {
            if (key == null) {
                return true;
            }
            try {
                if (uploadId != null) {
                    String id = uploadId;
                    uploadId = null;
                    try {
                        client().abortMultipartUpload(
                                        b -> b.bucket(config.bucket()).key(key).uploadId(id));
                    } catch (NoSuchUploadException e) {
                        // already gone
                    }
                }
                if (stored) {
                    stored = false;
                    client().deleteObject(b -> b.bucket(config.bucket()).key(key));
                }
            } catch (RuntimeException e) {
                log.warn("Could not clean up the S3 object {} of a failed upload", key, e);
            }
            return true;
        }
    }

    private static ContentStreamProvider stream(List<byte[]> part) {
        return () -> {
            List<InputStream> streams = new ArrayList<>(part.size());
            for (byte[] chunk : part) {
                streams.add(new ByteArrayInputStream(chunk));
            }
            return new SequenceInputStream(Collections.enumeration(streams));
        };
    }
}
