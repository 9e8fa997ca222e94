package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.ticket.TicketSnapshot;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code #ticketId#}, {@code #subject#}, {@code #cf_12#} and the other placeholders of a template. In a
 * JSON webhook body the values are escaped for use inside JSON strings, so a quote in a subject cannot break it.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("#(cf_(\\d+)|[A-Za-z_]+)#");

    private final Map<String, String> values;
    private final TicketSnapshot ticket;

    Placeholders(Map<String, String> values, TicketSnapshot ticket) {
        this.values = values;
        this.ticket = ticket;
    }

    String apply(String template, boolean json) {
        if (template == null || template.indexOf('#') < 0) {
            return template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(2) != null) {
                value = ticket.customFields().getOrDefault(m.group(2), "");
            } else {
                value = values.get(m.group(1));
            }
            if (value == null) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(json ? escapeJson(value) : value));
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escapeJson(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
