package dev.relaydesk.notification.webhook;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which events a subscription receives. Four forms, all lower case:
 *
 * <ul>
 *   <li>{@code *}: every event;
 *   <li>{@code ticket.*}: every event of one aggregate ({@code relaydesk.ticket.<anything>.v<any>});
 *   <li>{@code ticket.created}: one kind of event in every version;
 *   <li>{@code relaydesk.ticket.created.v1}: exactly one CloudEvents type.
 * </ul>
 *
 * Comment events are their own aggregate ({@code comment.*}) although they travel on the ticket topic.
 */
public record EventTypePattern(String value) {

    private static final Pattern FULL = Pattern.compile("relaydesk\\.([a-z][a-z0-9-]*)\\.([a-z][a-z0-9-]*)\\.v\\d+");
    private static final Pattern SHORT = Pattern.compile("[a-z][a-z0-9-]*\\.([a-z][a-z0-9-]*|\\*)");

    /** The pattern, or empty when {@code text} is none of the four forms. */
    public static Optional<EventTypePattern> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.equals("*")
                || FULL.matcher(value).matches()
                || SHORT.matcher(value).matches()) {
            return Optional.of(new EventTypePattern(value));
        }
        return Optional.empty();
    }

    /** Whether an event of CloudEvents type {@code type} matches. */
    public boolean matches(String type) {
        if (value.equals("*")) {
            return true;
        }
        if (value.startsWith("relaydesk.")) {
            return value.equals(type);
        }
        Matcher full = FULL.matcher(type);
        if (!full.matches()) {
            return false;
        }
        String aggregate = full.group(1);
        String what = full.group(2);
        int dot = value.indexOf('.');
        String patternAggregate = value.substring(0, dot);
        String patternWhat = value.substring(dot + 1);
        return patternAggregate.equals(aggregate) && (patternWhat.equals("*") || patternWhat.equals(what));
    }
}
