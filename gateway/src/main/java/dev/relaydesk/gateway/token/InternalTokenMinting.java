package dev.relaydesk.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.relaydesk.gateway.authentication.Caller;
import dev.relaydesk.gateway.config.GatewayProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Mints the internal token that tells a service who is calling (RS256; {@code iss}, {@code aud}, {@code sub} = user
 * id, {@code tenant}, {@code roles}, {@code iat}, {@code exp}), and hands the same token out again for most of its
 * lifetime so that signing, the expensive part, happens about once per caller every few minutes rather than on every
 * request. A cached token is handed out on the calling thread; signing (CPU work that also reads the system's entropy
 * source for RSA blinding) runs on the bounded-elastic scheduler, never on an event loop, and requests racing for the
 * same caller's token share one signature.
 */
public final class InternalTokenMinting {

    private final SigningKey key;
    private final GatewayProperties.Token settings;
    private final JWSHeader header;
    private final Cache<Caller, String> minted;
    private final Clock clock;

    public InternalTokenMinting(SigningKey key, GatewayProperties.Token settings) {
        this(key, settings, Clock.systemUTC(), Ticker.systemTicker());
    }

    InternalTokenMinting(SigningKey key, GatewayProperties.Token settings, Clock clock, Ticker ticker) {
        this.key = key;
        this.clock = clock;
        this.settings = settings;
        this.header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.keyId())
                .type(JOSEObjectType.JWT)
                .build();
        this.minted = Caffeine.newBuilder()
                .expireAfterWrite(settings.reuseFor())
                .maximumSize(settings.cacheMaximumSize())
                .ticker(ticker)
                .build();
    }

    /** A token for the caller with at least {@code renew-before} of validity left. */
    public Mono<String> tokenFor(Caller caller) {
        String token = minted.getIfPresent(caller);
        if (token != null) {
            return Mono.just(token);
        }
        return Mono.fromCallable(() -> minted.get(caller, c -> mint(c, clock.instant())))
                .subscribeOn(Schedulers.boundedElastic());
    }

    String mint(Caller caller, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(Long.toString(caller.userId()))
                .claim("tenant", caller.tenant().value())
                .claim("roles", caller.roleClaims())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.ttl())))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an internal token", e);
        }
        return jwt.serialize();
    }
}
