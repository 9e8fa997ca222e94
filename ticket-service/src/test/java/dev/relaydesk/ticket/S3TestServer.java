package dev.relaydesk.ticket;

import dev.relaydesk.ticket.blob.BlobProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One real S3-compatible server per test JVM (S3Proxy over an in-memory jclouds {@code transient} blob store) on a
 * random loopback port, started on first use and stopped when the JVM exits, like the shared PostgreSQL and Kafka of
 * the test kit. It speaks the S3 REST API with AWS signature V2/V4 authentication, multipart uploads included.
 */
final class S3TestServer {

    static final String BUCKET = "relaydesk-test";
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";

    private static URI endpoint;
    private static BlobStore backend;
    private static S3Client client;

    private S3TestServer() {}

    /** The server's URL, such as {@code http://127.0.0.1:41234}. */
    static synchronized URI endpoint() {
        if (endpoint == null) {
            start();
        }
        return endpoint;
    }

    /** The store's configuration for this server and the test bucket. */
    static BlobProperties.S3 config(String keyPrefix) {
        return new BlobProperties.S3(endpoint(), "us-east-1", BUCKET, ACCESS_KEY, SECRET_KEY, true, keyPrefix);
    }

    /** A client of the server, as any S3 tool would use it (to look into the bucket). */
    static synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .endpointOverride(endpoint())
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    /**
     * Every name the backing store holds whose name contains {@code text}: the objects and also the pieces of
     * unfinished multipart uploads (their stubs and parts), which an S3 listing would not show.
     */
    static List<String> rawNames(String text) {
        endpoint();
        return backend.list(BUCKET, ListContainerOptions.Builder.recursive().maxResults(100_000)).stream()
                .map(StorageMetadata::getName)
                .filter(name -> name.contains(text))
                .toList();
    }

    private static void start() {
        try {
            Properties overrides = new Properties();
            BlobStoreContext context = ContextBuilder.newBuilder("transient")
                    .credentials("identity", "credential")
                    .overrides(overrides)
                    .build(BlobStoreContext.class);
            backend = context.getBlobStore();
            backend.createContainerInLocation(null, BUCKET);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(backend)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    proxy.stop();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
                context.close();
            }));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test S3 server", e);
        }
    }
}
