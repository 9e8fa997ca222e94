package dev.relaydesk.kb.api.jitbit;

import dev.relaydesk.kb.KbServiceProperties;
import org.springframework.stereotype.Component;

/** The public URLs kb-service hands out: article pages and attachment downloads, under the configured base URL. */
@Component
class KbUrls {

    static final String ATTACHMENT_PATH = "/api/KBAttachment?id=";
    static final String ARTICLE_PATH = "/KB/View/";

    private final String baseUrl;

    KbUrls(KbServiceProperties properties) {
        this.baseUrl = properties.baseUrl();
    }

    String article(String urlId) {
        return baseUrl + ARTICLE_PATH + urlId;
    }

    String attachment(long fileId) {
        return baseUrl + ATTACHMENT_PATH + fileId;
    }
}
