package dev.relaydesk.gateway.authentication;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.token.InternalTokenMinting;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Verifies a caller's {@code Authorization} header with user-service, which owns credentials, and remembers a
 * verified credential briefly so that a busy client costs user-service one call per cache period, not one per request.
 *
 * <p>The cache is keyed by a SHA-256 of tenant and header, never the header itself, and holds only successes: a wrong
 * password is asked about again every time. Concurrent requests with the same credential share one call. Nothing here
 * blocks or logs a credential.
 */
public final class CredentialVerification {

    private static final Logger log = LoggerFactory.getLogger(CredentialVerification.class);
    private static final String BASIC = "Basic ";

    private final WebClient client;
    private final URI verifyUri;
    private final Duration timeout;
    private final InternalTokenMinting tokens;
    private final AsyncCache<String, Verdict> verified;

    public CredentialVerification(
            WebClient client,
            URI verifyUri,
            Duration timeout,
            InternalTokenMinting tokens,
            Duration cacheTtl,
            long cacheMaximumSize) {
        this.client = client;
        this.verifyUri = verifyUri;
        this.timeout = timeout;
        this.tokens = tokens;
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(cacheTtl)
                .maximumSize(cacheMaximumSize)
                .buildAsync();
    }

    /** Whether the header uses a scheme this gateway verifies (the scheme name is case-insensitive). */
    public static boolean isSupported(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
    }

    /**
     * The caller the header proves, empty when the credentials are wrong or malformed; fails with a
     * {@link ApiException} (503) when user-service cannot tell.
     */
    public Mono<Caller> verify(TenantId tenant, String authorization) {
        if (!isSupported(authorization)) {
            return Mono.empty();
        }
        String key = cacheKey(tenant, authorization);
        CompletableFuture<Verdict> cached = verified.getIfPresent(key);
        if (cached != null && cached.isDone() && cached.join() instanceof Accepted(Caller c)) {
            return Mono.just(c); // the common case: a cached success, answered without a subscription
        }
        CompletableFuture<Verdict> pending =
                verified.get(key, (k, executor) -> ask(tenant, authorization).toFuture());
        // Every waiter forgets a refusal before it answers, so the next request asks user-service again.
        CompletableFuture<Verdict> settled = pending.thenApply(v -> {
            forgetUnlessAccepted(key, pending, v);
            return v;
        });
        return Mono.fromFuture(settled, true).flatMap(v -> switch (v) {
            case Accepted(Caller caller) -> Mono.just(caller);
            case Refused.WRONG_CREDENTIALS -> Mono.empty();
            case Refused.UNAVAILABLE -> Mono.error(CredentialVerification::unavailable);
        });
    }

    /** Only successes are remembered; removing by future leaves a newer entry for the same key alone. */
    private void forgetUnlessAccepted(String key, CompletableFuture<Verdict> future, Verdict verdict) {
        if (!(verdict instanceof Accepted)) {
            verified.asMap().remove(key, future);
        }
    }

    private Mono<Verdict> ask(TenantId tenant, String authorization) {
        Credentials credentials = Credentials.fromBasic(authorization.substring(BASIC.length()));
        if (credentials == null) {
            return Mono.just(Refused.WRONG_CREDENTIALS);
        }
        return tokens.tokenFor(Caller.gateway(tenant))
                .flatMap(token -> client.post()
                        .uri(verifyUri)
                        .headers(h -> h.setBearerAuth(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .bodyValue(credentials)
                        .exchangeToMono(response -> answer(tenant, response)))
                .timeout(timeout)
                .onErrorResume(e -> {
                    log.warn("Credential check with {} failed: {}", verifyUri, e.toString());
                    return Mono.just(Refused.UNAVAILABLE);
                });
    }

    private static Mono<Verdict> answer(TenantId tenant, ClientResponse response) {
        int status = response.statusCode().value();
        if (status == 200) {
            return response.bodyToMono(VerifiedUser.class)
                    .map(user -> user.toCaller(tenant))
                    .<Verdict>map(Accepted::new)
                    .switchIfEmpty(Mono.error(() -> new IllegalStateException("an empty answer")));
        }
        if (status == 401 || status == 403) {
            return response.releaseBody().thenReturn(Refused.WRONG_CREDENTIALS);
        }
        return response.releaseBody().then(Mono.error(() -> new IllegalStateException("status " + status)));
    }

    private static ApiException unavailable() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Credentials cannot be verified right now");
    }

    /** What user-service said about a credential. Only {@link Accepted} stays in the cache. */
    private sealed interface Verdict permits Accepted, Refused {}

    private record Accepted(Caller caller) implements Verdict {}

    private enum Refused implements Verdict {
        WRONG_CREDENTIALS,
        UNAVAILABLE
    }

    /** SHA-256 over tenant and header: equal for equal credentials, useless to whoever reads the cache. */
    static String cacheKey(TenantId tenant, String authorization) {
        MessageDigest digest = sha256();
        digest.update(tenant.value().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        digest.update(authorization.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().withoutPadding().encodeToString(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The request body user-service expects. */
    record Credentials(String username, String password) {

        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }

        /** The user and password of a Basic header's value, or null when it is not {@code base64(user:password)}. */
        static Credentials fromBasic(String value) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
    }

    /** user-service's answer for valid credentials. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerifiedUser(Long userId, List<String> roles) {

        /** The caller, with only the roles a user can have (user-service cannot grant the gateway's own role). */
        Caller toCaller(TenantId tenant) {
            if (userId == null || userId <= 0) {
                throw new IllegalStateException("an answer without a valid user id");
            }
            Set<Role> granted = EnumSet.noneOf(Role.class);
            if (roles != null) {
                roles.forEach(claim -> Role.fromClaim(claim)
                        .filter(role -> role != Role.GATEWAY)
                        .ifPresent(granted::add));
            }
            return new Caller(tenant, userId, granted);
        }
    }
}
