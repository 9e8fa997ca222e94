package dev.relaydesk.ticket.blob;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code relaydesk.attachments.*}: where attachment bytes go ({@code store}: {@code postgres} large objects, the
 * default, or {@code directory}) and how large one file may be ({@code max-file-size}, overridable per tenant in
 * {@code tenant-max-file-size.<tenant>}).
 */
@ConfigurationProperties("relaydesk.attachments")
public record BlobProperties(
        String store, Path directory, DataSize maxFileSize, Map<String, DataSize> tenantMaxFileSize) {

    public BlobProperties {
        store = store == null ? PostgresLargeObjects.NAME : store;
        directory =
                directory == null ? Path.of(System.getProperty("java.io.tmpdir"), "relaydesk-attachments") : directory;
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(100) : maxFileSize;
        tenantMaxFileSize = tenantMaxFileSize == null ? Map.of() : Map.copyOf(tenantMaxFileSize);
    }

    /** The largest file the tenant may attach, in bytes. */
    public long maxFileSize(String tenant) {
        DataSize size = tenantMaxFileSize.get(tenant);
        return (size == null ? maxFileSize : size).toBytes();
    }
}
