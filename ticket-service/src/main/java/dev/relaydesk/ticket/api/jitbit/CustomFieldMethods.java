package dev.relaydesk.ticket.api.jitbit;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.customfield.FieldType;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.customfield.NewTicketField;
import dev.relaydesk.ticket.customfield.TicketFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code CustomFields?type=1} and Relaydesk's {@code CreateCustomField?type=1} (the seed has no method to define
 * fields; it takes the same {@code type} so the gateway routes it like {@code CustomFields}).
 */
@RestController
class CustomFieldMethods {

    private final TicketFields fields;
    private final JsonMapper json;

    CustomFieldMethods(TicketFields fields, JsonMapper json) {
        this.fields = fields;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/customfields",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCustomField>> customFields(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            ticketType(p);
            return fields.definitions(caller).map(JitbitCustomField::of).collectList();
        });
    }

    @RequestMapping(path = "/api/createcustomfield", method = RequestMethod.POST)
    Mono<Long> createCustomField(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            ticketType(p);
            String name = p.requiredText("name");
            FieldType type = FieldType.of((int) p.requiredLong("fieldType"))
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
            List<Long> categoryIds = new ArrayList<>();
            for (String value : p.texts("categoryIds")) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        try {
                            categoryIds.add(Long.parseLong(part.trim()));
                        } catch (NumberFormatException e) {
                            throw ApiException.badParameter("categoryIds", "must be category ids");
                        }
                    }
                }
            }
            return fields.define(
                    caller,
                    new NewTicketField(
                            name,
                            type,
                            p.bool("mandatory", false),
                            p.bool("forTechsOnly", false),
                            optionList,
                            List.copyOf(categoryIds)));
        });
    }

    /** ticket-service owns {@code type=1} (the gateway's default when absent). */
    private static void ticketType(RequestParameters p) {
        Long type = p.longValue("type");
        if (type != null && type != 1) {
            throw ApiException.badParameter(
                    "type", "must be 1 (tickets); 2 belongs to assets, 3 and 4 to users and companies");
        }
    }
}
