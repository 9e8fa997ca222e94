package dev.relaydesk.notification.webhook;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.notification.NotificationProperties;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps webhooks from being aimed at the platform's own network (server-side request forgery): only {@code https}
 * URLs whose host resolves to public addresses, unless the deployment allows plain {@code http} or private addresses
 * explicitly (tests, local stack). The dispatcher checks the address again when it connects.
 */
@Component
public class WebhookUrlPolicy {

    private final boolean allowHttp;
    private final boolean allowPrivate;

    @Autowired
    public WebhookUrlPolicy(NotificationProperties properties) {
        this(properties.webhooks().allowHttp(), properties.webhooks().allowPrivateAddresses());
    }

    public WebhookUrlPolicy(boolean allowHttp, boolean allowPrivate) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
    }

    /** The normalized URL, or a 400 naming {@code url}; resolves the host off the event loop. */
    public Mono<String> check(String url) {
        if (url == null || url.isBlank()) {
            return Mono.error(ApiException.missingParameter("url"));
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Mono.error(ApiException.badParameter("url", "is not a valid URL"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return Mono.error(ApiException.badParameter("url", allowHttp ? "must be an http(s) URL" : "must be https"));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Mono.error(ApiException.badParameter("url", "has no host"));
        }
        if (uri.getUserInfo() != null) {
            return Mono.error(ApiException.badParameter("url", "must not contain credentials"));
        }
        if (allowPrivate) {
            return Mono.just(uri.toString());
        }
        String host = uri.getHost();
        return Mono.fromCallable(() -> InetAddress.getAllByName(stripBrackets(host)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(
                        UnknownHostException.class,
                        e -> ApiException.badParameter("url", "has a host that does not resolve"))
                .flatMap(addresses -> {
                    for (InetAddress address : addresses) {
                        if (!isPublic(address)) {
                            return Mono.error(ApiException.badParameter(
                                    "url", "must not point to a private, loopback or link-local address"));
                        }
                    }
                    return Mono.just(uri.toString());
                });
    }

    /** Whether the dispatcher may connect to {@code address}. */
    public boolean allowsConnectionTo(InetAddress address) {
        return allowPrivate || isPublic(address);
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
                return false;
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return !(first == 0
                || first == 127
                || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                || (first == 169 && second == 254)
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                || (first == 198 && (second == 18 || second == 19))
                || first >= 224);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
