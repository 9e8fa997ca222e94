package dev.relaydesk.k8s;

import java.util.List;
import java.util.Map;

/** Kubernetes label selector semantics: matchLabels and matchExpressions, ANDed; an empty selector matches all. */
final class LabelSelectors {

    private LabelSelectors() {}

    static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> required :
                Manifests.labels(selector, "matchLabels").entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (Map<String, Object> expression : Manifests.maps(selector, "matchExpressions")) {
            String key = (String) expression.get("key");
            List<String> values = Manifests.strings(expression, "values");
            String operator = (String) expression.get("operator");
            boolean ok =
                    switch (operator) {
                        case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                        case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                        case "Exists" -> labels.containsKey(key);
                        case "DoesNotExist" -> !labels.containsKey(key);
                        default -> throw new AssertionError("unknown selector operator " + operator);
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A selector with neither matchLabels nor matchExpressions: it selects everything. */
    static boolean isEmpty(Map<String, Object> selector) {
        return Manifests.labels(selector, "matchLabels").isEmpty()
                && Manifests.maps(selector, "matchExpressions").isEmpty();
    }
}
