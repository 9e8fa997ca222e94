package dev.relaydesk.ticket.blob;

import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The configured store for new files, and every store by name for reading and deleting existing ones (rows keep the
 * name of the store that holds their bytes, so files stay readable after a switch of stores).
 */
@Component
@EnableConfigurationProperties(BlobProperties.class)
public class BlobStores implements DisposableBean {

    private final Map<String, BlobStore> stores;
    private final BlobStore active;
    private final BlobProperties properties;
    private final S3BlobStore s3;

    public BlobStores(DatabaseClient db, BlobProperties properties) {
        this.properties = properties;
        this.s3 = new S3BlobStore(properties.s3());
        this.stores = Map.of(
                PostgresLargeObjects.NAME,
                new PostgresLargeObjects(db),
                DirectoryBlobStore.NAME,
                new DirectoryBlobStore(properties.directory()),
                S3BlobStore.NAME,
                s3);
        this.active = stores.get(properties.store());
        if (active == null) {
            throw new IllegalStateException("relaydesk.attachments.store must be one of " + stores.keySet());
        }
    }

    /** Where new files go. */
    public BlobStore active() {
        return active;
    }

    public BlobStore named(String name) {
        BlobStore store = stores.get(name);
        if (store == null) {
            throw new IllegalStateException("unknown blob store " + name);
        }
        return store;
    }

    public long maxFileSize(String tenant) {
        return properties.maxFileSize(tenant);
    }

    @Override
    public void destroy() {
        s3.close();
    }
}
