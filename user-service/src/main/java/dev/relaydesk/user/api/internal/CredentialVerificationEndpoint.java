package dev.relaydesk.user.api.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.Role;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.credential.CredentialCheck;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/credentials/verify}: the gateway's one synchronous call into user-service (a login must be
 * checked before the request can go anywhere). Only the gateway's own token may call it. The body names a
 * {@code scheme} ({@code password} when absent, for older gateways): {@code password} (username, password),
 * {@code password-stamp} (username, stamp: the recheck of a password credential, see {@link CredentialCheck}),
 * {@code api-key} (email, apiKey), {@code user-token} (token) or {@code subject} (email, subject). Answers 200 with the
 * user id and roles (and the {@code stamp} for the two password schemes), 401 with no body for anything wrong, 400
 * naming a missing field.
 */
@RestController
class CredentialVerificationEndpoint {

    private final CredentialCheck check;

    CredentialVerificationEndpoint(CredentialCheck check) {
        this.check = check;
    }

    @PostMapping("/internal/credentials/verify")
    Mono<ResponseEntity<Verified>> verify(Caller caller, @RequestBody(required = false) Map<String, Object> body) {
        if (!caller.is(Role.GATEWAY)) {
            return Mono.error(ApiException.forbidden("Only the gateway verifies credentials"));
        }
        Map<String, Object> fields = body == null ? Map.of() : body;
        Object scheme = fields.get("scheme");
        Mono<CredentialCheck.VerifiedUser> verified;
        switch (scheme == null ? "password" : scheme.toString()) {
            case "password" -> {
                String username = required(fields, "username");
                String password = requiredAllowEmpty(fields, "password");
                verified = check.password(username, password);
            }
            case "password-stamp" -> {
                String username = required(fields, "username");
                String stamp = required(fields, "stamp");
                verified = check.passwordStamp(username, stamp);
            }
            case "api-key" -> {
                String email = required(fields, "email");
                String key = required(fields, "apiKey");
                verified = check.apiKey(email, key);
            }
            case "user-token" -> verified = check.userToken(caller.tenant(), required(fields, "token"));
            case "subject" -> {
                String email = required(fields, "email");
                required(fields, "subject");
                verified = check.subject(email);
            }
            default ->
                throw ApiException.badParameter(
                        "scheme", "must be one of password, password-stamp, api-key, user-token, subject");
        }
        return verified.map(user -> ResponseEntity.ok(new Verified(
                        user.userId(),
                        user.roles().stream().map(Role::claim).sorted().toList(),
                        user.stamp())))
                .defaultIfEmpty(ResponseEntity.status(HttpStatus.UNAUTHORIZED).build());
    }

    private static String required(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw ApiException.missingParameter(name);
        }
        return text;
    }

    private static String requiredAllowEmpty(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (!(value instanceof String text)) {
            throw ApiException.missingParameter(name);
        }
        return text;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Verified(long userId, List<String> roles, String stamp) {}
}
