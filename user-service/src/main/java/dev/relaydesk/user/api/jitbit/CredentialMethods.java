package dev.relaydesk.user.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.user.credential.ApiKeys;
import dev.relaydesk.user.credential.TenantSecrets;
import dev.relaydesk.user.credential.UserTokens;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The caller's user token ({@code /User/Token}, plain text, or {@code {"Token":...}} with {@code json=true}), and
 * Relaydesk's credential methods: {@code ApiKey} (create a key, shown once), {@code ApiKeys} (list), {@code
 * DeleteApiKey} and {@code RotateSharedSecret}.
 */
@RestController
class CredentialMethods {

    private final UserTokens tokens;
    private final ApiKeys apiKeys;
    private final TenantSecrets secrets;
    private final JsonMapper json;

    CredentialMethods(UserTokens tokens, ApiKeys apiKeys, TenantSecrets secrets, JsonMapper json) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.secrets = secrets;
        this.json = json;
    }

    @GetMapping({"/user/token", "/user/token/"})
    Mono<ResponseEntity<?>> token(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            boolean asJson = p.bool("json", false);
            return tokens.issueFor(caller)
                    .map(token -> asJson
                            ? ResponseEntity.ok()
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .body(Map.of("Token", token))
                            : ResponseEntity.ok()
                                    .contentType(MediaType.TEXT_PLAIN)
                                    .body(token));
        });
    }

    @RequestMapping(path = "/api/apikey", method = RequestMethod.POST)
    Mono<JitbitNewApiKey> createApiKey(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            Long userId = p.longValue("userId");
            return apiKeys.create(caller, userId == null ? caller.userId() : userId)
                    .map(k -> new JitbitNewApiKey(
                            k.id(),
                            k.userId(),
                            k.key(),
                            k.createdAt().truncatedTo(ChronoUnit.SECONDS).toString()));
        });
    }

    @RequestMapping(
            path = "/api/apikeys",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitApiKey>> listApiKeys(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            Long userId = p.longValue("userId");
            return apiKeys.list(caller, userId == null ? caller.userId() : userId)
                    .map(k -> new JitbitApiKey(
                            k.id(),
                            k.userId(),
                            k.createdAt().truncatedTo(ChronoUnit.SECONDS).toString()))
                    .collectList();
        });
    }

    @RequestMapping(path = "/api/deleteapikey", method = RequestMethod.POST)
    Mono<Void> deleteApiKey(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> apiKeys.revoke(caller, p.requiredLong("id")));
    }

    @RequestMapping(path = "/api/rotatesharedsecret", method = RequestMethod.POST)
    Mono<Void> rotateSharedSecret(Caller caller) {
        return secrets.rotate(caller);
    }

    /** A key just created; the only response that carries the key. */
    record JitbitNewApiKey(
            @JsonProperty("ApiKeyID") long id,
            @JsonProperty("UserID") long userId,
            @JsonProperty("ApiKey") String apiKey,
            @JsonProperty("CreatedAt") String createdAt) {}

    /** A listed key: never the key itself. */
    record JitbitApiKey(
            @JsonProperty("ApiKeyID") long id,
            @JsonProperty("UserID") long userId,
            @JsonProperty("CreatedAt") String createdAt) {}
}
