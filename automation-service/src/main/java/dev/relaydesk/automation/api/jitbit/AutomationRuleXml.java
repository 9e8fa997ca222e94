package dev.relaydesk.automation.api.jitbit;

import dev.relaydesk.automation.rule.Condition;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.RuleAction;
import dev.relaydesk.automation.rule.RuleTrigger;
import java.util.List;
import java.util.Map;

/**
 * The seed's {@code Rule/{id}} answer: the rule serialized the way .NET's XmlSerializer writes an
 * {@code AutomationRule} (declaration with {@code encoding="utf-16"}, xsi/xsd namespaces, two-space indentation,
 * PascalCase elements, lists as {@code <string>} items, nulls as {@code xsi:nil}).
 */
final class AutomationRuleXml {

    private AutomationRuleXml() {}

    static String of(Rule rule) {
        StringBuilder x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n");
        x.append("<AutomationRule xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n");
        element(x, 1, "RuleID", rule.id());
        element(x, 1, "Name", rule.name());
        element(x, 1, "Enabled", rule.enabled());
        element(x, 1, "OrderBy", rule.position());
        RuleTrigger trigger = rule.definition().trigger();
        element(x, 1, "Trigger", trigger.type().wire());
        if (trigger.type().timeBased()) {
            if (trigger.minutes() != null) {
                element(x, 1, "TriggerMinutes", trigger.minutes());
            }
            element(x, 1, "WorkingHoursOnly", trigger.workingHours());
        }
        element(x, 1, "MatchAll", rule.definition().matchAll());
        List<Condition> conditions = rule.definition().conditions();
        if (conditions.isEmpty()) {
            indent(x, 1).append("<Conditions />\n");
        } else {
            indent(x, 1).append("<Conditions>\n");
            for (Condition c : conditions) {
                indent(x, 2).append("<RuleCondition>\n");
                element(x, 3, "Field", c.field().wire());
                if (c.fieldId() != null) {
                    element(x, 3, "FieldID", c.fieldId());
                }
                element(x, 3, "Operator", c.operator().wire());
                element(x, 3, "Value", c.value());
                indent(x, 2).append("</RuleCondition>\n");
            }
            indent(x, 1).append("</Conditions>\n");
        }
        indent(x, 1).append("<Actions>\n");
        for (RuleAction action : rule.definition().actions()) {
            indent(x, 2).append("<RuleAction>\n");
            element(x, 3, "Type", action.type().wire());
            for (Map.Entry<String, Object> param : action.params().entrySet()) {
                element(x, 3, pascal(param.getKey()), param.getValue());
            }
            indent(x, 2).append("</RuleAction>\n");
        }
        indent(x, 1).append("</Actions>\n");
        x.append("</AutomationRule>");
        return x.toString();
    }

    /** {@code priorityId} becomes {@code PriorityID}, {@code forTechsOnly} becomes {@code ForTechsOnly}. */
    static String pascal(String name) {
        String p = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return p.endsWith("Id") ? p.substring(0, p.length() - 2) + "ID" : p;
    }

    private static void element(StringBuilder x, int depth, String name, Object value) {
        indent(x, depth);
        switch (value) {
            case null -> x.append('<').append(name).append(" xsi:nil=\"true\" />\n");
            case List<?> list -> {
                if (list.isEmpty()) {
                    x.append('<').append(name).append(" />\n");
                    return;
                }
                x.append('<').append(name).append(">\n");
                for (Object item : list) {
                    element(x, depth + 1, "string", item);
                }
                indent(x, depth).append("</").append(name).append(">\n");
            }
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    x.append('<').append(name).append(" />\n");
                    return;
                }
                x.append('<').append(name).append(">\n");
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    indent(x, depth + 1)
                            .append("<Header Name=\"")
                            .append(escape(String.valueOf(entry.getKey())))
                            .append("\">")
                            .append(escape(String.valueOf(entry.getValue())))
                            .append("</Header>\n");
                }
                indent(x, depth).append("</").append(name).append(">\n");
            }
            default -> {
                String text = String.valueOf(value);
                if (text.isEmpty()) {
                    x.append('<').append(name).append(" />\n");
                } else {
                    x.append('<')
                            .append(name)
                            .append('>')
                            .append(escape(text))
                            .append("</")
                            .append(name)
                            .append(">\n");
                }
            }
        }
    }

    private static StringBuilder indent(StringBuilder x, int depth) {
        return x.append("  ".repeat(depth));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                        out.append("&#x").append(Integer.toHexString(c)).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
