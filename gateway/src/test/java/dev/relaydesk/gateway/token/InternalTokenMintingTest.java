package dev.relaydesk.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.authentication.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InternalTokenMintingTest {

    static final SigningKey KEY = SigningKey.ephemeral();
    static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    final AtomicLong nanos = new AtomicLong();
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return START.plusNanos(nanos.get());
        }
    };
    final InternalTokenMinting minting = new InternalTokenMinting(KEY, TokenSettings.forTests(), clock, nanos::get);

    final Caller admin = new Caller(new TenantId("acme"), 1, Set.of(Role.ADMIN));

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    static JWTClaimsSet claims(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    @Test
    void tokenIsHandedOutAgainUntilLessThanRenewBeforeIsLeft() {
        String first = minting.tokenFor(admin).block();
        advance(Duration.ofMinutes(3).plusSeconds(59));

        assertThat(minting.tokenFor(admin).block()).isEqualTo(first);
    }

    @Test
    void tokenIsMintedAgainOnceLessThanRenewBeforeIsLeft() throws Exception {
        String first = minting.tokenFor(admin).block();
        advance(Duration.ofMinutes(4).plusSeconds(1));

        String second = minting.tokenFor(admin).block();

        assertThat(second).isNotEqualTo(first);
        assertThat(claims(second).getIssueTime().toInstant()).isEqualTo(START.plusSeconds(241));
        assertThat(claims(second).getExpirationTime().toInstant()).isEqualTo(START.plusSeconds(541));
    }

    @Test
    void callersWithOtherRolesOrTenantsGetTheirOwnTokens() throws Exception {
        String admins = minting.tokenFor(admin).block();
        String technicians = minting.tokenFor(new Caller(new TenantId("acme"), 1, Set.of(Role.TECHNICIAN)))
                .block();
        String otherTenant = minting.tokenFor(new Caller(new TenantId("globex"), 1, Set.of(Role.ADMIN)))
                .block();

        assertThat(claims(technicians).getStringListClaim("roles")).containsExactly("technician");
        assertThat(claims(otherTenant).getStringClaim("tenant")).isEqualTo("globex");
        assertThat(Set.of(admins, technicians, otherTenant)).hasSize(3);
    }

    @Test
    void tokenCarriesTheClaimsServicesRequire() throws Exception {
        SignedJWT token =
                SignedJWT.parse(minting.tokenFor(new Caller(new TenantId("acme"), 42, Set.of(Role.USER, Role.MANAGER)))
                        .block());
        JWTClaimsSet claims = token.getJWTClaimsSet();

        assertThat(token.getHeader().getKeyID()).isEqualTo(KEY.keyId());
        assertThat(claims.getIssuer()).isEqualTo("relaydesk-gateway");
        assertThat(claims.getAudience()).containsExactly("relaydesk-services");
        assertThat(claims.getSubject()).isEqualTo("42");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(claims.getStringListClaim("roles")).containsExactly("manager", "user");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(START);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }
}
