package dev.relaydesk.platform.security;

import dev.relaydesk.contract.InternalTokenClaims;
import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/** Turns a verified internal token into a {@link Caller} principal. */
public class CallerAuthenticationConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        return Mono.fromCallable(() -> new CallerAuthentication(toCaller(jwt), jwt));
    }

    static Caller toCaller(Jwt jwt) {
        try {
            TenantId tenant = TenantId.of(jwt.getClaimAsString(InternalTokenClaims.TENANT));
            long userId = Long.parseLong(jwt.getSubject());
            List<String> claims = jwt.getClaimAsStringList(InternalTokenClaims.ROLES);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            if (claims != null) {
                claims.forEach(c -> Role.fromClaim(c).ifPresent(roles::add));
            }
            return new Caller(tenant, userId, roles);
        } catch (RuntimeException e) {
            throw new BadCredentialsException("internal token without a valid tenant or subject");
        }
    }

    /** The authentication a verified internal token becomes; its principal is the {@link Caller}. */
    public static final class CallerAuthentication extends AbstractAuthenticationToken {

        private final Caller caller;
        private final transient Jwt token;

        CallerAuthentication(Caller caller, Jwt token) {
            super(caller.roles().stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                    .toList());
            this.caller = caller;
            this.token = token;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return token;
        }

        @Override
        public Caller getPrincipal() {
            return caller;
        }
    }
}
