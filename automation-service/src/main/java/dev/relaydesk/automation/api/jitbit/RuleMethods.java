package dev.relaydesk.automation.api.jitbit;

import dev.relaydesk.automation.rule.RuleAdministration;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The seed's automation methods: {@code Rule/{id}} (XML), {@code DisableRule/{id}} and {@code EnableRule/{id}}. */
@RestController
class RuleMethods {

    private static final MediaType XML = MediaType.parseMediaType("application/xml;charset=utf-8");

    private final RuleAdministration rules;
    private final JsonMapper json;

    RuleMethods(RuleAdministration rules, JsonMapper json) {
        this.rules = rules;
        this.json = json;
    }

    @RequestMapping(
            path = {"/api/rule", "/api/rule/{id}"},
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<String>> rule(
            Caller caller, @PathVariable(required = false) String id, ServerWebExchange exchange) {
        return id(id, exchange)
                .flatMap(ruleId -> rules.get(caller, ruleId))
                .map(rule -> ResponseEntity.ok().contentType(XML).body(AutomationRuleXml.of(rule)));
    }

    @RequestMapping(
            path = {"/api/disablerule", "/api/disablerule/{id}"},
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> disable(Caller caller, @PathVariable(required = false) String id, ServerWebExchange exchange) {
        return id(id, exchange)
                .flatMap(ruleId -> rules.setEnabled(caller, ruleId, false))
                .then();
    }

    @RequestMapping(
            path = {"/api/enablerule", "/api/enablerule/{id}"},
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> enable(Caller caller, @PathVariable(required = false) String id, ServerWebExchange exchange) {
        return id(id, exchange)
                .flatMap(ruleId -> rules.setEnabled(caller, ruleId, true))
                .then();
    }

    /** The rule id from the path ({@code Rule/5}) or the parameters ({@code Rule?id=5}). */
    private Mono<Long> id(String pathId, ServerWebExchange exchange) {
        if (pathId != null) {
            return Mono.fromCallable(
                    () -> RequestParameters.of(Map.of("id", pathId)).requiredLong("id"));
        }
        return RequestParameters.read(exchange, json).map(p -> p.requiredLong("id"));
    }
}
