package dev.relaydesk.gateway.authentication;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.token.InternalTokenMinting;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>A cache hit costs one map lookup: the key is the tenant and the raw header, compared with {@code equals} (so a
 * hash collision can never pass for another caller's credential) and hashed with {@link String#hashCode} rather than a
 * digest. The key's {@code toString} hides the header; nothing here logs a credential. Only successes are cached, and
 * an index (tenant, user) to keys lets a credential-change event evict all of a user's (or a tenant's) entries at
 * once. Concurrent requests with the same credential share one call.
 */
public final class CredentialVerification {

    private static final Logger log = LoggerFactory.getLogger(CredentialVerification.class);

    private final WebClient client;
    private final URI verifyUri;
    private final Duration timeout;
    private final InternalTokenMinting tokens;
    private final OidcTokens oidc;
    private final AsyncCache<CacheKey, Verdict> verified;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, Set<CacheKey>>> index = new ConcurrentHashMap<>();
    /** Counts evictions, so that an answer that raced with one is not cached. */
    private final AtomicLong evictions = new AtomicLong();

    public CredentialVerification(
            WebClient client,
            URI verifyUri,
            Duration timeout,
            InternalTokenMinting tokens,
            Duration cacheTtl,
            long cacheMaximumSize) {
        this(client, verifyUri, timeout, tokens, cacheTtl, cacheMaximumSize, null);
    }

    CredentialVerification(
            WebClient client,
            URI verifyUri,
            Duration timeout,
            InternalTokenMinting tokens,
            Duration cacheTtl,
            long cacheMaximumSize,
            OidcTokens oidc) {
        this.client = client;
        this.verifyUri = verifyUri;
        this.timeout = timeout;
        this.tokens = tokens;
        this.oidc = oidc;
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(cacheTtl)
                .refreshAfterWrite(refreshAfter(cacheTtl))
                .maximumSize(cacheMaximumSize)
                .<CacheKey, Verdict>removalListener((key, verdict, cause) -> {
                    if (key != null && verdict instanceof Accepted accepted && cause != RemovalCause.REPLACED) {
                        unindex(key, accepted.caller());
                    }
                })
                .buildAsync(new Recheck());
    }

    /**
     * When a cached credential that is still in use is checked again: after three quarters of the cache period. Without
     * it, every busy client's entry expired once a period and its next requests all waited for user-service's password
     * hash (about 170 ms of stalled requests a minute in the gateway benchmark); now the first request after this point
     * is answered from the cache and starts the check in the background, and an entry expires only when nobody used it.
     */
    public static Duration refreshAfter(Duration cacheTtl) {
        return cacheTtl.multipliedBy(3).dividedBy(4);
    }

    /**
     * Checks a cached credential again in the background ({@code refreshAfterWrite}): a password with the stamp
     * user-service answered for it (valid while the login names the same enabled user with the same password hash), so
     * a busy client does not cost a password hash per period; every other scheme as it was presented (those checks
     * are digests or signatures, cheap already). A refusal replaces the entry and
     * the next request is refused; when user-service cannot tell, the recheck fails, so the entry keeps its verdict and
     * its original expiry (Caffeine keeps the old value when a refresh fails). Loads go through {@link #verify}, which
     * passes its own loader; this one only serves refreshes.
     */
    private final class Recheck implements AsyncCacheLoader<CacheKey, Verdict> {

        @Override
        public CompletableFuture<Verdict> asyncLoad(CacheKey key, Executor executor) {
            return ask(TenantId.of(key.tenant()), key.authorization()).toFuture();
        }

        @Override
        public CompletableFuture<Verdict> asyncReload(CacheKey key, Verdict old, Executor executor) {
            long epoch = evictions.get();
            TenantId tenant = TenantId.of(key.tenant());
            // a password credential is rechecked with its stamp (a row lookup), not the password (a bcrypt check)
            Mono<Verdict> recheck = old instanceof Accepted accepted && accepted.recheck() != null
                    ? guarded(post(tenant, accepted.recheck()))
                    : ask(tenant, key.authorization());
            return recheck.flatMap(verdict -> verdict == Refused.UNAVAILABLE
                            ? Mono.<Verdict>error(new RecheckUnavailable())
                            : Mono.just(verdict))
                    .doOnNext(verdict -> {
                        if (old instanceof Accepted before
                                && !(verdict instanceof Accepted after
                                        && after.caller().userId()
                                                == before.caller().userId())) {
                            unindex(key, before.caller());
                        }
                        if (verdict instanceof Accepted accepted) {
                            index(key, accepted.caller());
                        }
                        if (evictions.get() != epoch) {
                            // an eviction raced with the recheck: drop the entry rather than revive it
                            verified.asMap().remove(key);
                        }
                    })
                    .toFuture();
        }
    }

    /** A recheck user-service could not answer; the message says nothing about the credential. */
    private static final class RecheckUnavailable extends RuntimeException {
        RecheckUnavailable() {
            super(
                    "user-service could not recheck a cached credential; it stays valid until it expires",
                    null,
                    false,
                    false);
        }
    }

    /** Whether the request carries an {@code Authorization} header at all. */
    public static boolean isPresent(String authorization) {
        return authorization != null && !authorization.isBlank();
    }

    /**
     * The caller the header proves, empty when the credentials are wrong or malformed; fails with a
     * {@link ApiException} (503) when user-service cannot tell.
     */
    public Mono<Caller> verify(TenantId tenant, String authorization) {
        if (!isPresent(authorization)) {
            return Mono.empty();
        }
        CacheKey key = new CacheKey(tenant.value(), authorization);
        CompletableFuture<Verdict> cached = verified.getIfPresent(key);
        if (cached != null && cached.isDone() && cached.join() instanceof Accepted accepted) {
            if (accepted.expiresAt() == 0 || System.currentTimeMillis() < accepted.expiresAt()) {
                return Mono.just(accepted.caller()); // the common case: a cached success, no subscription, no hashing
            }
            verified.asMap().remove(key, cached);
        }
        long epoch = evictions.get();
        CompletableFuture<Verdict> pending =
                verified.get(key, (k, executor) -> ask(tenant, authorization).toFuture());
        // Every waiter settles the entry before it answers: a refusal is forgotten (the next request asks again), a
        // success is indexed for eviction, unless an eviction happened meanwhile (it may have been about this user).
        CompletableFuture<Verdict> settled = pending.thenApply(v -> {
            settle(key, pending, v, epoch);
            return v;
        });
        return Mono.fromFuture(settled, true).flatMap(v -> switch (v) {
            case Accepted(Caller caller, long expiresAt, VerifyRequest recheck) -> Mono.just(caller);
            case Refused.WRONG_CREDENTIALS -> Mono.empty();
            case Refused.UNAVAILABLE -> Mono.error(CredentialVerification::unavailable);
        });
    }

    private void settle(CacheKey key, CompletableFuture<Verdict> future, Verdict verdict, long epoch) {
        if (!(verdict instanceof Accepted accepted)) {
            verified.asMap().remove(key, future);
            return;
        }
        index(key, accepted.caller());
        if (evictions.get() != epoch) {
            verified.asMap().remove(key, future);
        }
    }

    private void index(CacheKey key, Caller caller) {
        index.computeIfAbsent(key.tenant(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(caller.userId(), u -> ConcurrentHashMap.newKeySet())
                .add(key);
    }

    private void unindex(CacheKey key, Caller caller) {
        ConcurrentHashMap<Long, Set<CacheKey>> users = index.get(key.tenant());
        if (users != null) {
            users.computeIfPresent(caller.userId(), (u, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    /** Forgets every cached credential of the user (their password, API key or tokens changed). */
    public int evictUser(TenantId tenant, long userId) {
        evictions.incrementAndGet();
        ConcurrentHashMap<Long, Set<CacheKey>> users = index.get(tenant.value());
        Set<CacheKey> keys = users == null ? null : users.remove(userId);
        return keys == null ? 0 : invalidate(keys);
    }

    /** Forgets every cached credential of the tenant (its shared secret changed: every token is void). */
    public int evictTenant(TenantId tenant) {
        evictions.incrementAndGet();
        ConcurrentHashMap<Long, Set<CacheKey>> users = index.remove(tenant.value());
        if (users == null) {
            return 0;
        }
        int count = 0;
        for (Set<CacheKey> keys : users.values()) {
            count += invalidate(keys);
        }
        return count;
    }

    private int invalidate(Set<CacheKey> keys) {
        keys.forEach(verified.synchronous()::invalidate);
        return keys.size();
    }

    private Mono<Verdict> ask(TenantId tenant, String authorization) {
        PresentedCredential credential = PresentedCredential.parse(authorization);
        Mono<Verdict> verdict =
                switch (credential) {
                    case null -> Mono.just(Refused.WRONG_CREDENTIALS);
                    case PresentedCredential.Basic basic
                    when basic.mayBeApiKey() ->
                        post(tenant, VerifyRequest.apiKey(basic.user(), basic.secret()))
                                .flatMap(v -> v == Refused.WRONG_CREDENTIALS
                                        ? post(tenant, VerifyRequest.password(basic.user(), basic.secret()))
                                        : Mono.just(v));
                    case PresentedCredential.Basic basic ->
                        post(tenant, VerifyRequest.password(basic.user(), basic.secret()));
                    case PresentedCredential.Token token -> post(tenant, VerifyRequest.userToken(token.token()));
                    case PresentedCredential.Bearer bearer
                    when oidc != null && oidc.isIssuersJwt(bearer.value()) ->
                        oidc.validate(bearer.value())
                                .flatMap(identity -> post(
                                                tenant, VerifyRequest.subject(identity.email(), identity.subject()))
                                        .map(v -> v instanceof Accepted(Caller c, long ignored, VerifyRequest none)
                                                ? new Accepted(c, expiry(identity.expiresAt()), null)
                                                : v))
                                .onErrorResume(OidcTokens.Rejected.class, e -> Mono.just(Refused.WRONG_CREDENTIALS));
                    case PresentedCredential.Bearer bearer -> post(tenant, VerifyRequest.userToken(bearer.value()));
                };
        return guarded(verdict);
    }

    /** The verdict within the timeout; any failure to get one is {@link Refused#UNAVAILABLE}. */
    private Mono<Verdict> guarded(Mono<Verdict> verdict) {
        return verdict.timeout(timeout).onErrorResume(e -> {
            // Only the exception's type and the URI: messages of JWT and HTTP failures can quote what was sent.
            log.warn(
                    "Credential check with {} failed: {}",
                    verifyUri,
                    e.getClass().getSimpleName());
            return Mono.just(Refused.UNAVAILABLE);
        });
    }

    private static long expiry(Instant expiresAt) {
        return expiresAt == null ? 0 : expiresAt.toEpochMilli();
    }

    private Mono<Verdict> post(TenantId tenant, VerifyRequest request) {
        return tokens.tokenFor(Caller.gateway(tenant)).flatMap(token -> client.post()
                .uri(verifyUri)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchangeToMono(response -> answer(tenant, request, response)));
    }

    private static Mono<Verdict> answer(TenantId tenant, VerifyRequest request, ClientResponse response) {
        int status = response.statusCode().value();
        if (status == 200) {
            return response.bodyToMono(VerifiedUser.class)
                    .<Verdict>map(user -> new Accepted(user.toCaller(tenant), 0, request.recheckWith(user.stamp())))
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

    /** The cache key: tenant and raw header, compared in full. Never printed. */
    record CacheKey(String tenant, String authorization) {
        @Override
        public String toString() {
            return "CacheKey[tenant=" + tenant + "]";
        }
    }

    /** What user-service said about a credential. Only {@link Accepted} stays in the cache. */
    private sealed interface Verdict permits Accepted, Refused {}

    /**
     * A verified caller; {@code expiresAt} (epoch millis) ends the entry early for a JWT, 0 when only the TTL does;
     * {@code recheck}, when not null, is what a recheck sends instead of the credential (a password's stamp).
     */
    private record Accepted(Caller caller, long expiresAt, VerifyRequest recheck) implements Verdict {}

    private enum Refused implements Verdict {
        WRONG_CREDENTIALS,
        UNAVAILABLE
    }

    /** The request body user-service expects, one shape per scheme; {@code toString} leaves secrets out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifyRequest(
            String scheme,
            String username,
            String password,
            String email,
            String apiKey,
            String token,
            String subject,
            String stamp) {

        static VerifyRequest password(String username, String password) {
            return new VerifyRequest("password", username, password, null, null, null, null, null);
        }

        static VerifyRequest passwordStamp(String username, String stamp) {
            return new VerifyRequest("password-stamp", username, null, null, null, null, null, stamp);
        }

        static VerifyRequest apiKey(String email, String apiKey) {
            return new VerifyRequest("api-key", null, null, email, apiKey, null, null, null);
        }

        static VerifyRequest userToken(String token) {
            return new VerifyRequest("user-token", null, null, null, null, token, null, null);
        }

        static VerifyRequest subject(String email, String subject) {
            return new VerifyRequest("subject", null, null, email, null, null, subject, null);
        }

        /** The recheck of a password credential user-service answered with a stamp; null for any other. */
        VerifyRequest recheckWith(String answeredStamp) {
            boolean password = scheme.equals("password") || scheme.equals("password-stamp");
            return password && answeredStamp != null && !answeredStamp.isBlank()
                    ? passwordStamp(username, answeredStamp)
                    : null;
        }

        @Override
        public String toString() {
            return "VerifyRequest[scheme=" + scheme + "]";
        }
    }

    /** user-service's answer for valid credentials ({@code stamp}: password checks only). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerifiedUser(Long userId, List<String> roles, String stamp) {

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
