package dev.relaydesk.ticket.blob;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code relaydesk.attachments.*}: where attachment bytes go ({@code store}: {@code postgres} large objects, the
 * default, {@code directory}, or {@code s3} for any S3-compatible object store configured under {@code s3.*}) and how
 * large one file may be ({@code max-file-size}, overridable per tenant in {@code tenant-max-file-size.<tenant>}).
 * Validated at start: an unknown store or an {@code s3} store without a bucket stops the service.
 */
@ConfigurationProperties("relaydesk.attachments")
public record BlobProperties(
        String store, Path directory, DataSize maxFileSize, Map<String, DataSize> tenantMaxFileSize, S3 s3) {

    public BlobProperties {
        store = store == null || store.isBlank() ? PostgresLargeObjects.NAME : store.trim();
        directory =
                directory == null ? Path.of(System.getProperty("java.io.tmpdir"), "relaydesk-attachments") : directory;
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(100) : maxFileSize;
        tenantMaxFileSize = tenantMaxFileSize == null ? Map.of() : Map.copyOf(tenantMaxFileSize);
        s3 = s3 == null ? new S3(null, null, null, null, null, null, null) : s3;
        if (S3BlobStore.NAME.equals(store)) {
            s3.validate();
        }
    }

    /** The largest file the tenant may attach, in bytes. */
    public long maxFileSize(String tenant) {
        DataSize size = tenantMaxFileSize.get(tenant);
        return (size == null ? maxFileSize : size).toBytes();
    }

    /**
     * {@code relaydesk.attachments.s3.*}: an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...).
     *
     * @param endpoint the service's URL; absent = AWS S3 (the region's endpoint)
     * @param region the signing region; absent = {@code us-east-1} with an endpoint, the SDK's region chain without
     * @param bucket required when {@code store: s3}
     * @param accessKey with {@code secretKey}; both absent = the SDK's default credential chain (environment, profile,
     *     web identity, container or instance role)
     * @param pathStyleAccess {@code http://host/bucket/key} rather than {@code http://bucket.host/key}; default: true
     *     with an endpoint (MinIO-style), false for AWS
     * @param keyPrefix prepended to each object's key; default {@code attachments/}
     */
    public record S3(
            URI endpoint,
            String region,
            String bucket,
            String accessKey,
            String secretKey,
            Boolean pathStyleAccess,
            String keyPrefix) {

        public S3 {
            region = blankToNull(region);
            bucket = blankToNull(bucket);
            accessKey = blankToNull(accessKey);
            secretKey = blankToNull(secretKey);
            pathStyleAccess = pathStyleAccess == null ? endpoint != null : pathStyleAccess;
            keyPrefix = keyPrefix == null ? "attachments/" : keyPrefix;
        }

        void validate() {
            if (bucket == null) {
                throw new IllegalArgumentException(
                        "relaydesk.attachments.s3.bucket is required when relaydesk.attachments.store is s3");
            }
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalArgumentException("relaydesk.attachments.s3.access-key and"
                        + " relaydesk.attachments.s3.secret-key go together (or leave both out for the default"
                        + " credential chain)");
            }
            if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
                throw new IllegalArgumentException(
                        "relaydesk.attachments.s3.endpoint must be an absolute URL such as http://minio:9000");
            }
        }

        /** Without the secret: this record may end up in logs or error messages. */
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey=" + accessKey
                    + ", pathStyleAccess=" + pathStyleAccess + ", keyPrefix=" + keyPrefix + "]";
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
