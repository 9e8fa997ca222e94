package dev.relaydesk.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.platform.security.VerifiedTokenCache;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

class VerifiedTokenCacheTest {

    final AtomicInteger verifications = new AtomicInteger();

    Jwt jwt(String token, Instant expiresAt) {
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("1")
                .issuedAt(expiresAt.minusSeconds(300))
                .expiresAt(expiresAt)
                .build();
    }

    @Test
    void aVerifiedTokenIsNotVerifiedAgainUntilItExpires() {
        Instant now = Instant.now();
        VerifiedTokenCache cache = new VerifiedTokenCache(
                token -> {
                    verifications.incrementAndGet();
                    return Mono.just(jwt(token, now.plusSeconds(60)));
                },
                100,
                Clock.systemUTC());
        assertThat(cache.decode("t1").block().getSubject()).isEqualTo("1");
        assertThat(cache.decode("t1").block().getTokenValue()).isEqualTo("t1");
        assertThat(verifications).hasValue(1);
        cache.decode("t2").block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndARejectedOneIsNeverCached() {
        Instant now = Instant.now();
        Clock later = Clock.fixed(now.plusSeconds(120), ZoneOffset.UTC);
        VerifiedTokenCache cache = new VerifiedTokenCache(
                token -> {
                    verifications.incrementAndGet();
                    return token.equals("bad")
                            ? Mono.error(new BadJwtException("bad"))
                            : Mono.just(jwt(token, now.plusSeconds(60)));
                },
                100,
                later);
        cache.decode("t1").block();
        cache.decode("t1").block();
        assertThat(verifications)
                .as("expired by the clock, so checked each time")
                .hasValue(2);
        for (int i = 0; i < 2; i++) {
            assertThat(cache.decode("bad").onErrorResume(e -> Mono.empty()).block())
                    .isNull();
        }
        assertThat(verifications).hasValue(4);
    }
}
