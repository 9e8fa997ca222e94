package dev.relaydesk.automation.rule;

import dev.relaydesk.contract.ApiException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The JSON shape of a rule's trigger, conditions and actions, shared by the admin API and the {@code rules.definition}
 * column. Reading validates everything and names the offending field ({@code conditions[1].operator}), so a rule that
 * is stored can always be evaluated.
 */
public final class RuleFormat {

    private static final Set<String> WEBHOOK_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private RuleFormat() {}

    public static RuleDefinition read(JsonNode rule) {
        RuleTrigger trigger = trigger(rule.get("trigger"));
        boolean matchAll = true;
        JsonNode match = rule.get("match");
        if (present(match)) {
            String value = match.asString().trim().toLowerCase(Locale.ROOT);
            if (!match.isString() || !(value.equals("all") || value.equals("any"))) {
                throw ApiException.badParameter("match", "must be all or any");
            }
            matchAll = value.equals("all");
        }
        List<Condition> conditions = new ArrayList<>();
        JsonNode list = rule.get("conditions");
        if (present(list)) {
            if (!list.isArray()) {
                throw ApiException.badParameter("conditions", "must be an array");
            }
            int i = 0;
            for (JsonNode condition : list) {
                conditions.add(condition(condition, "conditions[" + i++ + "]"));
            }
        }
        JsonNode actionList = rule.get("actions");
        if (!present(actionList) || !actionList.isArray() || actionList.isEmpty()) {
            throw ApiException.badParameter("actions", "must be a non-empty array");
        }
        List<RuleAction> actions = new ArrayList<>();
        int i = 0;
        for (JsonNode action : actionList) {
            actions.add(action(action, "actions[" + i++ + "]"));
        }
        return new RuleDefinition(trigger, matchAll, conditions, actions);
    }

    /** The definition as JSON-ready maps (the admin API's and the database's shape). */
    public static Map<String, Object> write(RuleDefinition definition) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trigger", writeTrigger(definition.trigger()));
        out.put("match", definition.matchAll() ? "all" : "any");
        out.put(
                "conditions",
                definition.conditions().stream().map(RuleFormat::writeCondition).toList());
        out.put(
                "actions",
                definition.actions().stream().map(RuleFormat::writeAction).toList());
        return out;
    }

    public static Map<String, Object> writeTrigger(RuleTrigger trigger) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", trigger.type().wire());
        if (trigger.type().timeBased()) {
            if (trigger.minutes() != null) {
                out.put("minutes", trigger.minutes());
            }
            out.put("workingHours", trigger.workingHours());
        }
        return out;
    }

    public static Map<String, Object> writeCondition(Condition condition) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("field", condition.field().wire());
        if (condition.fieldId() != null) {
            out.put("fieldId", condition.fieldId());
        }
        out.put("operator", condition.operator().wire());
        out.put("value", condition.value());
        return out;
    }

    public static Map<String, Object> writeAction(RuleAction action) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", action.type().wire());
        out.putAll(action.params());
        return out;
    }

    private static RuleTrigger trigger(JsonNode node) {
        if (!present(node)) {
            throw ApiException.missingParameter("trigger");
        }
        JsonNode type = node.isObject() ? node.get("type") : node;
        String name = node.isObject() ? "trigger.type" : "trigger";
        if (!present(type) || !type.isString() || type.asString().isBlank()) {
            throw ApiException.missingParameter(name);
        }
        Trigger trigger = Trigger.of(type.asString().trim())
                .orElseThrow(() -> ApiException.badParameter(
                        name,
                        "must be one of "
                                + Arrays.stream(Trigger.values())
                                        .map(Trigger::wire)
                                        .toList()));
        Long minutes = null;
        boolean workingHours = false;
        if (node.isObject()) {
            Long asMinutes = optionalLong(node.get("minutes"), "trigger.minutes");
            Long asHours = optionalLong(node.get("hours"), "trigger.hours");
            minutes = asMinutes != null ? asMinutes : asHours != null ? asHours * 60 : null;
            JsonNode working = node.get("workingHours");
            if (present(working)) {
                if (!working.isBoolean()) {
                    throw ApiException.badParameter("trigger.workingHours", "must be true or false");
                }
                workingHours = working.booleanValue();
            }
        }
        if (trigger.needsAmount()) {
            if (minutes == null) {
                throw ApiException.badParameter("trigger.minutes", "is required for trigger " + trigger.wire());
            }
            if (minutes < 1) {
                throw ApiException.badParameter("trigger.minutes", "must be positive");
            }
        } else {
            minutes = null;
        }
        if (!trigger.timeBased()) {
            workingHours = false;
        }
        return new RuleTrigger(trigger, minutes, workingHours);
    }

    private static Condition condition(JsonNode node, String at) {
        if (!node.isObject()) {
            throw ApiException.badParameter(at, "must be an object");
        }
        String fieldName = requiredText(node, "field", at);
        ConditionField field = ConditionField.of(fieldName)
                .orElseThrow(() -> ApiException.badParameter(
                        at + ".field",
                        "must be one of "
                                + Arrays.stream(ConditionField.values())
                                        .map(ConditionField::wire)
                                        .toList()));
        String fieldId = null;
        if (field == ConditionField.CUSTOM_FIELD) {
            fieldId = String.valueOf(requiredLong(node, "fieldId", at));
        }
        String operatorName = requiredText(node, "operator", at);
        Operator operator = Operator.of(operatorName)
                .orElseThrow(() -> ApiException.badParameter(
                        at + ".operator",
                        "must be one of "
                                + Arrays.stream(Operator.values())
                                        .map(Operator::wire)
                                        .toList()));
        if (!field.kind().allows(operator)) {
            throw ApiException.badParameter(
                    at + ".operator", "'" + operator.wire() + "' does not apply to field " + field.wire());
        }
        JsonNode valueNode = node.get("value");
        String value = present(valueNode) ? valueNode.asString() : null;
        String valueAt = at + ".value";
        switch (operator) {
            case CHANGED -> value = null;
            case CONTAINS, DOES_NOT_CONTAIN, CHANGED_TO -> {
                if (value == null || value.isEmpty()) {
                    throw ApiException.missingParameter(valueAt);
                }
            }
            case GREATER, LESS -> number(value, valueAt);
            case BEFORE, AFTER -> instant(value, valueAt);
            case WITHIN -> duration(value, valueAt);
            case IS, IS_NOT -> {
                if (field.kind() == ConditionField.Kind.TAGS && (value == null || value.isBlank())) {
                    throw ApiException.missingParameter(valueAt);
                }
                if (field.kind() == ConditionField.Kind.ID && value != null && !value.isBlank()) {
                    number(value, valueAt);
                }
                if (field.kind() == ConditionField.Kind.TIME && value != null && !value.isBlank()) {
                    instant(value, valueAt);
                }
            }
        }
        if (operator == Operator.CHANGED_TO && field.kind() == ConditionField.Kind.ID) {
            number(value, valueAt);
        }
        return new Condition(field, fieldId, operator, value);
    }

    private static RuleAction action(JsonNode node, String at) {
        if (!node.isObject()) {
            throw ApiException.badParameter(at, "must be an object");
        }
        String typeName = requiredText(node, "type", at);
        ActionType type = ActionType.of(typeName)
                .orElseThrow(() -> ApiException.badParameter(
                        at + ".type",
                        "must be one of "
                                + Arrays.stream(ActionType.values())
                                        .map(ActionType::wire)
                                        .toList()));
        Map<String, Object> params = new LinkedHashMap<>();
        switch (type) {
            case SET_STATUS -> params.put("statusId", requiredLong(node, "statusId", at));
            case SET_PRIORITY -> params.put("priorityId", requiredLong(node, "priorityId", at));
            case SET_CATEGORY -> params.put("categoryId", requiredLong(node, "categoryId", at));
            case ASSIGN -> {
                String mode = present(node.get("mode"))
                        ? node.get("mode").asString().trim().toLowerCase(Locale.ROOT)
                        : "user";
                if (!Set.of("user", "round-robin", "least-loaded").contains(mode)) {
                    throw ApiException.badParameter(at + ".mode", "must be one of [user, round-robin, least-loaded]");
                }
                params.put("mode", mode);
                if (mode.equals("user")) {
                    params.put("userId", optionalLong(node.get("userId"), at + ".userId"));
                }
            }
            case SET_DUE_DATE -> {
                Long inHours = optionalLong(node.get("dueInHours"), at + ".dueInHours");
                if (inHours != null) {
                    params.put("dueInHours", inHours);
                } else {
                    JsonNode due = node.get("dueDate");
                    params.put(
                            "dueDate",
                            present(due)
                                    ? instant(due.asString(), at + ".dueDate").toString()
                                    : null);
                }
            }
            case SET_CUSTOM_FIELD -> {
                params.put("fieldId", requiredLong(node, "fieldId", at));
                JsonNode value = node.get("value");
                params.put("value", present(value) ? value.asString() : null);
            }
            case ADD_TAGS, REMOVE_TAGS -> params.put("tags", texts(node.get("tags"), at + ".tags"));
            case ADD_COMMENT -> {
                params.put("body", requiredText(node, "body", at));
                params.put("forTechsOnly", optionalBoolean(node.get("forTechsOnly"), at + ".forTechsOnly"));
            }
            case CLOSE -> {}
            case SEND_EMAIL -> {
                params.put("to", texts(node.get("to"), at + ".to"));
                params.put("subject", requiredText(node, "subject", at));
                params.put("body", requiredText(node, "body", at));
            }
            case CALL_WEBHOOK -> {
                String url = requiredText(node, "url", at);
                if (!isHttpUrl(url)) {
                    throw ApiException.badParameter(at + ".url", "must be an http or https URL");
                }
                params.put("url", url);
                String method = present(node.get("method"))
                        ? node.get("method").asString().trim().toUpperCase(Locale.ROOT)
                        : "POST";
                if (!WEBHOOK_METHODS.contains(method)) {
                    throw ApiException.badParameter(at + ".method", "must be one of " + WEBHOOK_METHODS);
                }
                params.put("method", method);
                params.put(
                        "contentType",
                        present(node.get("contentType"))
                                ? node.get("contentType").asString()
                                : "application/json");
                Map<String, String> headers = new LinkedHashMap<>();
                JsonNode headerNode = node.get("headers");
                if (present(headerNode)) {
                    if (!headerNode.isObject()) {
                        throw ApiException.badParameter(at + ".headers", "must be an object");
                    }
                    for (Map.Entry<String, JsonNode> header : headerNode.properties()) {
                        headers.put(header.getKey(), header.getValue().asString());
                    }
                }
                params.put("headers", headers);
                JsonNode body = node.get("body");
                params.put("body", present(body) ? body.asString() : "");
            }
        }
        return new RuleAction(type, params);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url.replaceAll("#[A-Za-z0-9_]+#", "0"));
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static String requiredText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (!present(value) || value.isContainer() || value.asString().isBlank()) {
            throw ApiException.missingParameter(at + "." + field);
        }
        return value.asString().trim();
    }

    private static long requiredLong(JsonNode node, String field, String at) {
        Long value = optionalLong(node.get(field), at + "." + field);
        if (value == null) {
            throw ApiException.missingParameter(at + "." + field);
        }
        return value;
    }

    private static Long optionalLong(JsonNode value, String name) {
        if (!present(value)) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isString()) {
            try {
                return Long.parseLong(value.asString().trim());
            } catch (NumberFormatException e) {
                throw ApiException.badParameter(name, "must be an integer");
            }
        }
        throw ApiException.badParameter(name, "must be an integer");
    }

    private static boolean optionalBoolean(JsonNode value, String name) {
        if (!present(value)) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw ApiException.badParameter(name, "must be true or false");
    }

    private static List<String> texts(JsonNode value, String name) {
        if (!present(value) || !value.isArray() || value.isEmpty()) {
            throw ApiException.badParameter(name, "must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString() || item.asString().isBlank()) {
                throw ApiException.badParameter(name, "must be a non-empty array of strings");
            }
            out.add(item.asString().trim());
        }
        return out.stream().distinct().collect(Collectors.toList());
    }

    private static void number(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.missingParameter(name);
        }
        try {
            Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "must be a number");
        }
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.missingParameter(name);
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static void duration(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.missingParameter(name);
        }
        if (Durations.parse(value) == null) {
            throw ApiException.badParameter(name, "must be a number of minutes or an ISO-8601 duration such as PT4H");
        }
    }

    /** Durations in conditions: a number of minutes, or ISO-8601 ({@code PT4H}). */
    public static final class Durations {
        private Durations() {}

        public static Duration parse(String value) {
            if (value == null) {
                return null;
            }
            String text = value.trim();
            try {
                return Duration.ofMinutes(Long.parseLong(text));
            } catch (NumberFormatException e) {
                try {
                    return Duration.parse(text.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException notIso) {
                    return null;
                }
            }
        }
    }
}
