package dev.relaydesk.user.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.customfield.FieldType;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.user.customfield.CustomField;
import dev.relaydesk.user.customfield.CustomFieldValue;
import dev.relaydesk.user.customfield.CustomFields;
import dev.relaydesk.user.customfield.Usage;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code CustomFields?type=3|4}, {@code UserCustomFields}, {@code CompanyCustomFields},
 * {@code SetCustomFieldForUser}, {@code SetCustomFieldForCompany}, and Relaydesk's {@code CreateCustomField} (the seed
 * has no method to define fields; it takes the same {@code type} so the gateway routes it like {@code CustomFields}).
 */
@RestController
class CustomFieldMethods {

    private final CustomFields fields;
    private final JsonMapper json;

    CustomFieldMethods(CustomFields fields, JsonMapper json) {
        this.fields = fields;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/customfields",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCustomField>> customFields(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> fields.definitions(caller, usage(p))
                .map(JitbitCustomField::of)
                .collectList());
    }

    @RequestMapping(path = "/api/createcustomfield", method = RequestMethod.POST)
    Mono<Long> createCustomField(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            Usage usage = usage(p);
            String name = p.requiredText("name");
            int typeCode = (int) p.requiredLong("fieldType");
            FieldType type = FieldType.of(typeCode)
                    .orElseThrow(() -> ApiException.badParameter("fieldType", "must be 1, 2, 3, 4 or 5"));
            String options = p.text("options");
            List<String> optionList = options == null
                    ? List.of()
                    : Arrays.stream(options.split(";"))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
            if (type == FieldType.SELECTION_COMBO && optionList.isEmpty()) {
                throw ApiException.missingParameter("options");
            }
            return fields.define(caller, usage, name, type, p.bool("mandatory", false), optionList);
        });
    }

    @RequestMapping(
            path = "/api/usercustomfields",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCustomFieldValue>> userCustomFields(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> fields.values(caller, Usage.USER, p.requiredLong("id"))
                        .map(JitbitCustomFieldValue::of)
                        .collectList());
    }

    @RequestMapping(
            path = "/api/companycustomfields",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCustomFieldValue>> companyCustomFields(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> fields.values(caller, Usage.COMPANY, p.requiredLong("id"))
                        .map(JitbitCustomFieldValue::of)
                        .collectList());
    }

    @RequestMapping(path = "/api/setcustomfieldforuser", method = RequestMethod.POST)
    Mono<Void> setForUser(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p ->
                        fields.set(caller, Usage.USER, p.requiredLong("id"), p.requiredLong("fieldId"), valueOf(p)));
    }

    @RequestMapping(path = "/api/setcustomfieldforcompany", method = RequestMethod.POST)
    Mono<Void> setForCompany(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p ->
                        fields.set(caller, Usage.COMPANY, p.requiredLong("id"), p.requiredLong("fieldId"), valueOf(p)));
    }

    private static String valueOf(RequestParameters p) {
        if (!p.has("value")) {
            throw ApiException.missingParameter("value");
        }
        return p.text("value");
    }

    private static Usage usage(RequestParameters p) {
        long type = p.requiredLong("type");
        return Usage.of((int) type)
                .orElseThrow(() -> ApiException.badParameter(
                        "type", "must be 3 (users) or 4 (companies); 1 and 2 belong to tickets and assets"));
    }

    /** A field definition, in the shape of the seed's {@code CustomFieldsForCategory}. */
    record JitbitCustomField(
            @JsonProperty("FieldName") String fieldName,
            @JsonProperty("FieldID") long fieldId,
            @JsonProperty("Type") int type,
            @JsonProperty("UsageType") int usageType,
            @JsonProperty("Mandatory") boolean mandatory,
            @JsonProperty("OrderByNumber") int orderByNumber,
            @JsonProperty("SelectionComboOptions") List<JitbitOption> selectionComboOptions) {

        static JitbitCustomField of(CustomField f) {
            return new JitbitCustomField(
                    f.name(),
                    f.id(),
                    f.type().code(),
                    f.usage().code(),
                    f.mandatory(),
                    f.position(),
                    f.type() == FieldType.SELECTION_COMBO
                            ? f.options().stream()
                                    .map(o -> new JitbitOption(o.id(), o.name()))
                                    .toList()
                            : null);
        }
    }

    /** A selection combo option. */
    record JitbitOption(@JsonProperty("OptionID") long optionId, @JsonProperty("Name") String name) {}

    /** The seed's {@code UserCustomFields} / {@code CompanyCustomFields} entry. */
    record JitbitCustomFieldValue(
            @JsonProperty("FieldName") String fieldName,
            @JsonProperty("FieldID") long fieldId,
            @JsonProperty("Type") int type,
            @JsonProperty("Value") String value) {

        static JitbitCustomFieldValue of(CustomFieldValue v) {
            return new JitbitCustomFieldValue(
                    v.fieldName(), v.fieldId(), v.type().code(), v.value());
        }
    }
}
