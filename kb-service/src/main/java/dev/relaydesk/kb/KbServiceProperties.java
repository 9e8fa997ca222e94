package dev.relaydesk.kb;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * kb-service settings, under {@code relaydesk.kb}.
 *
 * @param baseUrl the helpdesk's public address; article {@code Url}s and attachment download URLs start with it
 * @param attachments limits on the files attached to articles
 * @param topicPartitions partitions of the topics this service declares
 */
@ConfigurationProperties("relaydesk.kb")
public record KbServiceProperties(
        @DefaultValue("http://localhost:8080") String baseUrl,
        @DefaultValue Attachments attachments,
        @DefaultValue("3") int topicPartitions) {

    public KbServiceProperties {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("relaydesk.kb.base-url must be an http(s) URL");
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("relaydesk.kb.topic-partitions must be at least 1");
        }
    }

    /** @param maxFileSize the largest file an article may carry; a larger one is refused with a 400 */
    public record Attachments(@DefaultValue("10MB") DataSize maxFileSize) {
        public Attachments {
            if (maxFileSize.toBytes() < 1 || maxFileSize.toBytes() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("relaydesk.kb.attachments.max-file-size must be 1B to 2GB");
            }
        }
    }
}
