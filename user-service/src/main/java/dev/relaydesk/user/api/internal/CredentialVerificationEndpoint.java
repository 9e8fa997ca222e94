package dev.relaydesk.user.api.internal;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.Role;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.account.CredentialCheck;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/credentials/verify}: the gateway's one synchronous call into user-service (a login must be
 * checked before the request can go anywhere). Only the gateway's own token may call it.
 */
@RestController
class CredentialVerificationEndpoint {

    private final CredentialCheck check;

    CredentialVerificationEndpoint(CredentialCheck check) {
        this.check = check;
    }

    @PostMapping("/internal/credentials/verify")
    Mono<ResponseEntity<Verified>> verify(Caller caller, @RequestBody(required = false) Credentials credentials) {
        if (!caller.is(Role.GATEWAY)) {
            return Mono.error(ApiException.forbidden("Only the gateway verifies credentials"));
        }
        if (credentials == null
                || credentials.username() == null
                || credentials.username().isBlank()) {
            return Mono.error(ApiException.missingParameter("username"));
        }
        if (credentials.password() == null) {
            return Mono.error(ApiException.missingParameter("password"));
        }
        return check.verify(credentials.username(), credentials.password())
                .map(user -> ResponseEntity.ok(new Verified(
                        user.userId(),
                        user.roles().stream().map(Role::claim).sorted().toList())))
                .defaultIfEmpty(ResponseEntity.status(HttpStatus.UNAUTHORIZED).build());
    }

    record Credentials(String username, String password) {}

    record Verified(long userId, List<String> roles) {}
}
