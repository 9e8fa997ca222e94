package dev.relaydesk.asset.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.asset.customfield.AssetCustomFields;
import dev.relaydesk.asset.customfield.CustomField;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.customfield.FieldType;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code CustomFields?type=2}, {@code SetCustomFieldForAsset}, and Relaydesk's {@code CreateCustomField} with
 * {@code type=2} (the seed has no method to define fields; the gateway routes both on {@code type}, as it does for
 * user-service's types 3 and 4). Definitions have the same JSON shape as user-service's.
 */
@RestController
class AssetCustomFieldMethods {

    private final AssetCustomFields fields;
    private final JsonMapper json;

    AssetCustomFieldMethods(AssetCustomFields fields, JsonMapper json) {
        this.fields = fields;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/customfields",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCustomField>> customFields(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            requireAssetUsage(p);
            return fields.definitions(caller)
                    .map(list -> list.stream().map(JitbitCustomField::of).toList());
        });
    }

    @RequestMapping(path = "/api/createcustomfield", method = RequestMethod.POST)
    Mono<Long> createCustomField(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            requireAssetUsage(p);
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
            return fields.define(caller, name, type, p.bool("mandatory", false), optionList);
        });
    }

    @RequestMapping(path = "/api/setcustomfieldforasset", method = RequestMethod.POST)
    Mono<Void> setForAsset(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            long fieldId = p.requiredLong("fieldId");
            if (!p.has("value")) {
                throw ApiException.missingParameter("value");
            }
            return fields.set(caller, id, fieldId, p.text("value"));
        });
    }

    private static void requireAssetUsage(RequestParameters p) {
        if (p.requiredLong("type") != CustomField.ASSET_USAGE) {
            throw ApiException.badParameter(
                    "type", "must be 2 (assets); 1 belongs to tickets, 3 and 4 to users and companies");
        }
    }

    /** A field definition, in the shape of the seed's {@code CustomFieldsForCategory} (as user-service answers). */
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
                    CustomField.ASSET_USAGE,
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
}
