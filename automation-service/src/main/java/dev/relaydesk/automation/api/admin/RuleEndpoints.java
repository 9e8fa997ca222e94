package dev.relaydesk.automation.api.admin;

import dev.relaydesk.automation.execution.Execution;
import dev.relaydesk.automation.execution.ExecutionHistory;
import dev.relaydesk.automation.execution.RuleDryRun;
import dev.relaydesk.automation.rule.NewRule;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.RuleAdministration;
import dev.relaydesk.automation.rule.RuleFormat;
import dev.relaydesk.automation.ticket.FieldChange;
import dev.relaydesk.automation.ticket.TicketEvents;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Relaydesk's own JSON API for administrators to manage automation rules, under {@code /automation} (errors are RFC
 * 9457 problem details). See the module's README section for the rule format.
 */
@RestController
class RuleEndpoints {

    private final RuleAdministration rules;
    private final RuleDryRun dryRun;
    private final ExecutionHistory history;
    private final JsonBodies bodies;

    RuleEndpoints(RuleAdministration rules, RuleDryRun dryRun, ExecutionHistory history, JsonBodies bodies) {
        this.rules = rules;
        this.dryRun = dryRun;
        this.history = history;
        this.bodies = bodies;
    }

    @GetMapping("/automation/rules")
    Mono<List<Map<String, Object>>> list(Caller caller) {
        return rules.list(caller).map(RuleEndpoints::view).collectList();
    }

    @PostMapping("/automation/rules")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> create(Caller caller, @RequestBody(required = false) String body) {
        return bodies.object(body)
                .map(RuleEndpoints::newRule)
                .flatMap(rule -> rules.create(caller, rule))
                .map(RuleEndpoints::view);
    }

    @GetMapping("/automation/rules/{id}")
    Mono<Map<String, Object>> get(Caller caller, @PathVariable String id) {
        return JsonBodies.id(id, "id")
                .flatMap(ruleId -> rules.get(caller, ruleId))
                .map(RuleEndpoints::view);
    }

    @PutMapping("/automation/rules/{id}")
    Mono<Map<String, Object>> update(
            Caller caller, @PathVariable String id, @RequestBody(required = false) String body) {
        return JsonBodies.id(id, "id")
                .flatMap(ruleId -> bodies.object(body)
                        .map(RuleEndpoints::newRule)
                        .flatMap(rule -> rules.update(caller, ruleId, rule)))
                .map(RuleEndpoints::view);
    }

    @DeleteMapping("/automation/rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(Caller caller, @PathVariable String id) {
        return JsonBodies.id(id, "id").flatMap(ruleId -> rules.delete(caller, ruleId));
    }

    @PutMapping("/automation/rules/order")
    Mono<List<Map<String, Object>>> reorder(Caller caller, @RequestBody(required = false) String body) {
        return bodies.object(body)
                .map(node -> {
                    JsonNode ids = node.get("ids");
                    if (ids == null || !ids.isArray() || ids.isEmpty()) {
                        throw ApiException.badParameter("ids", "must be a non-empty array of rule ids");
                    }
                    List<Long> list = new ArrayList<>();
                    for (JsonNode id : ids) {
                        if (!id.isIntegralNumber()) {
                            throw ApiException.badParameter("ids", "must be a non-empty array of rule ids");
                        }
                        list.add(id.longValue());
                    }
                    return list;
                })
                .flatMap(ids ->
                        rules.reorder(caller, ids).map(RuleEndpoints::view).collectList());
    }

    @PostMapping("/automation/rules/{id}/test")
    Mono<RuleDryRun.Result> test(Caller caller, @PathVariable String id, @RequestBody(required = false) String body) {
        return JsonBodies.id(id, "id").flatMap(ruleId -> bodies.object(body).flatMap(node -> {
            JsonNode ticket = node.get("ticket");
            JsonNode ticketId = node.get("ticketId");
            Map<String, FieldChange> changes = TicketEvents.explicitChanges(node);
            if (ticket != null && !ticket.isNull()) {
                if (!ticket.isObject()) {
                    return Mono.error(ApiException.badParameter("ticket", "must be a ticket object"));
                }
                TicketSnapshot snapshot = TicketEvents.fromJson(ticket);
                return dryRun.test(caller, ruleId, snapshot, null, changes);
            }
            if (ticketId == null || ticketId.isNull()) {
                return Mono.error(ApiException.badParameter("ticket", "or ticketId is required"));
            }
            if (!ticketId.isIntegralNumber()) {
                return Mono.error(ApiException.badParameter("ticketId", "must be an integer"));
            }
            return dryRun.test(caller, ruleId, null, ticketId.longValue(), changes);
        }));
    }

    @GetMapping("/automation/rules/{id}/executions")
    Mono<List<Execution>> executionsOfRule(Caller caller, @PathVariable String id) {
        return JsonBodies.id(id, "id").flatMap(ruleId -> history.ofRule(caller, ruleId));
    }

    @GetMapping("/automation/tickets/{ticketId}/executions")
    Mono<List<Execution>> executionsOfTicket(Caller caller, @PathVariable String ticketId) {
        return JsonBodies.id(ticketId, "ticketId").flatMap(id -> history.ofTicket(caller, id));
    }

    static NewRule newRule(JsonNode node) {
        JsonNode name = node.get("name");
        if (name == null || name.isNull() || !name.isString() || name.asString().isBlank()) {
            throw ApiException.missingParameter("name");
        }
        if (name.asString().length() > 200) {
            throw ApiException.badParameter("name", "must be at most 200 characters");
        }
        boolean enabled = true;
        JsonNode enabledNode = node.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (!enabledNode.isBoolean()) {
                throw ApiException.badParameter("enabled", "must be true or false");
            }
            enabled = enabledNode.booleanValue();
        }
        Integer position = null;
        JsonNode positionNode = node.get("position");
        if (positionNode != null && !positionNode.isNull()) {
            if (!positionNode.isIntegralNumber()
                    || positionNode.longValue() < 1
                    || positionNode.longValue() > 100_000) {
                throw ApiException.badParameter("position", "must be a positive integer");
            }
            position = positionNode.intValue();
        }
        return new NewRule(name.asString().trim(), enabled, position, RuleFormat.read(node));
    }

    static Map<String, Object> view(Rule rule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", rule.id());
        out.put("name", rule.name());
        out.put("position", rule.position());
        out.put("enabled", rule.enabled());
        out.putAll(RuleFormat.write(rule.definition()));
        out.put("createdAt", rule.createdAt());
        out.put("updatedAt", rule.updatedAt());
        return out;
    }
}
