package dev.relaydesk.contract.customfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaydesk.contract.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

    @Test
    void checkboxesTakeTrueFalseOneOrZero() {
        assertThat(FieldValues.normalize(FieldType.CHECKBOX, List.of(), " TRUE ", "value"))
                .isEqualTo("true");
        assertThat(FieldValues.normalize(FieldType.CHECKBOX, List.of(), "0", "value"))
                .isEqualTo("false");
        assertThatThrownBy(() -> FieldValues.normalize(FieldType.CHECKBOX, List.of(), "yes", "cf12"))
                .isInstanceOf(ApiException.class)
                .hasMessage("Parameter 'cf12' must be true or false for a checkbox");
    }

    @Test
    void datesInCommonFormatsAreStoredAsIso() {
        assertThat(FieldValues.normalize(FieldType.DATE, List.of(), "2026-11-22", "value"))
                .isEqualTo("2026-11-22");
        assertThat(FieldValues.normalize(FieldType.DATE, List.of(), "11/22/2026", "value"))
                .isEqualTo("2026-11-22");
        assertThat(FieldValues.normalize(FieldType.DATE, List.of(), "22.11.2026", "value"))
                .isEqualTo("2026-11-22");
        assertThat(FieldValues.normalize(FieldType.DATE, List.of(), "2026-11-22T10:15:00+01:00", "value"))
                .isEqualTo("2026-11-22T09:15:00Z");
        assertThatThrownBy(() -> FieldValues.normalize(FieldType.DATE, List.of(), "soon", "value"))
                .hasMessage("Parameter 'value' must be a date");
    }

    @Test
    void combosTakeOneOfTheirOptionIdsAndTextIsKeptAsSent() {
        assertThat(FieldValues.normalize(FieldType.SELECTION_COMBO, List.of(7L, 8L), " 8", "value"))
                .isEqualTo("8");
        assertThatThrownBy(() -> FieldValues.normalize(FieldType.SELECTION_COMBO, List.of(7L), "9", "value"))
                .hasMessage("Parameter 'value' must be the id of one of the field's options");
        assertThat(FieldValues.normalize(FieldType.MULTILINE_TEXT, List.of(), " two\nlines ", "value"))
                .isEqualTo(" two\nlines ");
        assertThat(FieldType.of(3)).contains(FieldType.SELECTION_COMBO);
        assertThat(FieldType.of(6)).isEmpty();
    }
}
