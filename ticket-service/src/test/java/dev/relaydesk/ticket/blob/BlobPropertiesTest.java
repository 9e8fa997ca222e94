package dev.relaydesk.ticket.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The attachment store's configuration is checked at start (no Spring context needed). */
class BlobPropertiesTest {

    static BlobProperties properties(String store, BlobProperties.S3 s3) {
        return new BlobProperties(store, null, null, null, s3);
    }

    @Nested
    class S3Store {

        @Test
        void aBucketIsRequiredWhenTheS3StoreIsConfigured() {
            assertThatThrownBy(() -> properties("s3", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("relaydesk.attachments.s3.bucket is required when relaydesk.attachments.store is s3");
            assertThatThrownBy(() -> properties("s3", new BlobProperties.S3(null, null, " ", null, null, null, null)))
                    .hasMessageContaining("bucket is required");
        }

        @Test
        void anAccessKeyNeedsItsSecretKey() {
            assertThatThrownBy(() -> properties(
                            "s3", new BlobProperties.S3(null, "eu-west-1", "files", "AKIA", null, null, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("access-key and relaydesk.attachments.s3.secret-key go together");
        }

        @Test
        void aRelativeEndpointIsRefused() {
            assertThatThrownBy(() -> properties(
                            "s3",
                            new BlobProperties.S3(URI.create("minio:9000"), null, "files", null, null, null, null)))
                    .hasMessageContaining("endpoint must be an absolute URL");
        }

        @Test
        void defaultsToPathStyleWithAnEndpointVirtualHostsForAwsAndTheAttachmentsPrefix() {
            BlobProperties minio = properties(
                    "s3", new BlobProperties.S3(URI.create("http://minio:9000"), null, "files", "k", "s", null, null));
            assertThat(minio.s3().pathStyleAccess()).isTrue();
            assertThat(minio.s3().keyPrefix()).isEqualTo("attachments/");
            BlobProperties aws =
                    properties("s3", new BlobProperties.S3(null, "eu-west-1", "files", null, null, null, ""));
            assertThat(aws.s3().pathStyleAccess()).isFalse();
            assertThat(aws.s3().keyPrefix()).isEmpty();
        }

        @Test
        void theSecretKeyStaysOutOfTheDescription() {
            BlobProperties.S3 s3 =
                    new BlobProperties.S3(URI.create("http://minio:9000"), null, "files", "key", "hunter2", null, null);
            assertThat(s3.toString()).contains("key").doesNotContain("hunter2");
        }

        @Test
        void otherStoresNeedNoS3Settings() {
            assertThat(properties(null, null).store()).isEqualTo("postgres");
            assertThat(properties("directory", null).s3().bucket()).isNull();
        }
    }
}
