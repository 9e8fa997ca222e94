package dev.relaydesk.contract.customfield;

import dev.relaydesk.contract.ApiException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * How a custom field value is checked, stored and shown in every service that has custom fields (the seed's rule for
 * {@code SetCustomField*}: "For checkboxes pass true or false. For dropdowns pass the option ID. For dates pass date as
 * a string in any format"). Stored values are canonical strings: {@code true}/{@code false}, ISO dates or instants,
 * the option id; each service shows a combo's option name itself.
 */
public final class FieldValues {

    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT),
            DateTimeFormatter.ofPattern("d.M.yyyy", Locale.ROOT));

    private FieldValues() {}

    /**
     * The value to store for a non-empty {@code value}, or a 400 naming {@code parameter}.
     *
     * @param optionIds the field's option ids (selection combos only)
     */
    public static String normalize(FieldType type, List<Long> optionIds, String value, String parameter) {
        String v = value.trim();
        return switch (type) {
            case TEXT, MULTILINE_TEXT -> value;
            case CHECKBOX ->
                switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> "true";
                    case "false", "0" -> "false";
                    default -> throw ApiException.badParameter(parameter, "must be true or false for a checkbox");
                };
            case DATE -> parseDate(v, parameter);
            case SELECTION_COMBO -> {
                if (optionIds.stream().noneMatch(id -> Long.toString(id).equals(v))) {
                    throw ApiException.badParameter(parameter, "must be the id of one of the field's options");
                }
                yield v;
            }
        };
    }

    private static String parseDate(String v, String parameter) {
        try {
            return OffsetDateTime.parse(v).toInstant().toString();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(v).toLocalDate().toString();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        for (DateTimeFormatter format : DATE_FORMATS) {
            try {
                return LocalDate.parse(v, format).toString();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        throw ApiException.badParameter(parameter, "must be a date");
    }
}
