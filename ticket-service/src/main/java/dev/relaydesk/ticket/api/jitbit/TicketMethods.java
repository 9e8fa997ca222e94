package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.customfield.TicketField;
import dev.relaydesk.ticket.tickets.NewTicket;
import dev.relaydesk.ticket.tickets.Origin;
import dev.relaydesk.ticket.tickets.Priority;
import dev.relaydesk.ticket.tickets.TicketAttachments;
import dev.relaydesk.ticket.tickets.TicketEdit;
import dev.relaydesk.ticket.tickets.TicketFieldValue;
import dev.relaydesk.ticket.tickets.TicketManagement;
import dev.relaydesk.ticket.tickets.TicketQueries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Ticket} (GET and POST), {@code UpdateTicket}, {@code Close}, {@code SetCustomField}, {@code SetCustomFields},
 * {@code TicketCustomFields} and {@code TagTicket}.
 */
@RestController
class TicketMethods {

    private static final Pattern CUSTOM_FIELD_PARAMETER = Pattern.compile("(?i)cf(\\d+)");
    private static final int MAX_TAG_LENGTH = 100;

    private final TicketManagement tickets;
    private final TicketQueries queries;
    private final TicketAttachments attachments;
    private final JsonMapper json;

    TicketMethods(TicketManagement tickets, TicketQueries queries, TicketAttachments attachments, JsonMapper json) {
        this.tickets = tickets;
        this.queries = queries;
        this.attachments = attachments;
        this.json = json;
    }

    @RequestMapping(path = "/api/ticket", method = RequestMethod.GET)
    Mono<JitbitTicket> ticket(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            return queries.details(caller, id)
                    .zipWith(
                            attachments.list(caller, id),
                            (t, files) -> JitbitTicket.of(
                                    t, files.stream().map(JitbitAttachment::of).toList()));
        });
    }

    @RequestMapping(path = "/api/ticket", method = RequestMethod.POST)
    Mono<Long> create(Caller caller, ServerWebExchange exchange) {
        Uploads.checkLength(exchange, attachments.maxFileSize(caller));
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long categoryId = p.requiredLong("categoryId");
            String body = p.requiredText("body");
            String subject = p.requiredText("subject");
            Integer priority = p.intValue("priorityId");
            if (priority != null && !Priority.isValid(priority)) {
                throw ApiException.badParameter("priorityId", "must be -1 (Low), 0 (Normal), 1 (High) or 2 (Critical)");
            }
            Integer origin = p.intValue("origin");
            if (origin != null && Origin.of(origin).isEmpty()) {
                throw ApiException.badParameter("origin", "must be one of 0 to 8");
            }
            NewTicket request = new NewTicket(
                    categoryId,
                    subject,
                    p.text("body") == null ? body : p.text("body"),
                    priority,
                    p.longValue("userId"),
                    tags(p.text("tags")),
                    origin,
                    p.longValue("assignedToUserId"),
                    customFields(p.text("customFields")),
                    p.bool("suppressConfirmation", false));
            return Uploads.of(exchange).flatMap(files -> attachments.createTicket(caller, request, files));
        });
    }

    @RequestMapping(path = "/api/updateticket", method = RequestMethod.POST)
    Mono<Void> update(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            Integer priority = p.intValue("priority");
            if (priority != null && !Priority.isValid(priority)) {
                throw ApiException.badParameter("priority", "must be -1 (Low), 0 (Normal), 1 (High) or 2 (Critical)");
            }
            Long assignee = p.longValue("assignedUserId");
            if (assignee != null && assignee < 0) {
                throw ApiException.badParameter("assignedUserId", "must be a user id, or 0 to unassign");
            }
            Integer spent = p.intValue("timeSpentInSeconds");
            if (spent != null && spent < 0) {
                throw ApiException.badParameter("timeSpentInSeconds", "must not be negative");
            }
            String subject = p.text("subject");
            if (subject != null && subject.isBlank()) {
                throw ApiException.badParameter("subject", "must not be empty");
            }
            String dueDate = p.text("dueDate");
            return tickets.update(
                    caller,
                    id,
                    new TicketEdit(
                            p.longValue("categoryId"),
                            priority,
                            JitbitDates.dateTime("date", p.text("date")),
                            p.longValue("userId"),
                            JitbitDates.dateTime("dueDate", dueDate),
                            dueDate != null && dueDate.isBlank(),
                            JitbitDates.dateTime("closeDate", p.text("closeDate")),
                            assignee,
                            spent,
                            p.longValue("statusId"),
                            p.has("tags") ? tags(p.text("tags")) : null,
                            subject == null ? null : subject.trim(),
                            p.text("body")));
        });
    }

    @RequestMapping(
            path = "/api/close",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> close(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> tickets.close(caller, p.requiredLong("id"), p.bool("suppressNotification", false)));
    }

    @RequestMapping(path = "/api/setcustomfield", method = RequestMethod.POST)
    Mono<Void> setCustomField(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long ticketId = p.requiredLong("ticketId");
            long fieldId = p.requiredLong("fieldId");
            if (!p.has("value")) {
                throw ApiException.missingParameter("value");
            }
            Map<Long, String> values = new LinkedHashMap<>();
            values.put(fieldId, p.text("value"));
            return tickets.setCustomFields(caller, ticketId, values, true);
        });
    }

    @RequestMapping(path = "/api/setcustomfields", method = RequestMethod.POST)
    Mono<Void> setCustomFields(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> parameterNames(exchange).flatMap(names -> {
                    long ticketId = p.requiredLong("ticketId");
                    Map<Long, String> values = new LinkedHashMap<>();
                    for (String name : names) {
                        Matcher m = CUSTOM_FIELD_PARAMETER.matcher(name);
                        if (m.matches()) {
                            try {
                                values.put(Long.parseLong(m.group(1)), p.text(name));
                            } catch (NumberFormatException e) {
                                throw ApiException.badParameter(name, "names no custom field");
                            }
                        }
                    }
                    if (values.isEmpty()) {
                        throw ApiException.missingParameter("cf<fieldId>");
                    }
                    return tickets.setCustomFields(caller, ticketId, values, false);
                }));
    }

    @RequestMapping(
            path = "/api/ticketcustomfields",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitTicketFieldValue>> ticketCustomFields(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> queries.customFields(caller, p.requiredLong("id"), p.bool("returnUnset", false)))
                .map(list -> list.stream().map(JitbitTicketFieldValue::of).toList());
    }

    @RequestMapping(path = "/api/tagticket", method = RequestMethod.POST)
    Mono<Void> tagTicket(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            String name = p.requiredText("name");
            long ticketId = p.requiredLong("ticketId");
            if (name.length() > MAX_TAG_LENGTH || name.contains(",")) {
                throw ApiException.badParameter("name", "must be at most 100 characters without commas");
            }
            return tickets.tag(caller, ticketId, name);
        });
    }

    /** The names of the query, form and multipart parameters (for {@code cf<ID>}). */
    private static Mono<List<String>> parameterNames(ServerWebExchange exchange) {
        List<String> names =
                new ArrayList<>(exchange.getRequest().getQueryParams().keySet());
        return exchange.getFormData()
                .doOnNext(form -> names.addAll(form.keySet()))
                .then(exchange.getMultipartData())
                .doOnNext(parts -> parts.forEach((name, list) -> {
                    if (list.stream().anyMatch(FormFieldPart.class::isInstance)) {
                        names.add(name);
                    }
                }))
                .then(Mono.fromSupplier(() -> names.stream().distinct().toList()));
    }

    private static List<String> tags(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> tags = Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (tags.stream().anyMatch(t -> t.length() > MAX_TAG_LENGTH)) {
            throw ApiException.badParameter("tags", "must be tags of at most 100 characters");
        }
        return tags;
    }

    private Map<Long, String> customFields(String value) {
        Map<Long, String> values = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return values;
        }
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (RuntimeException e) {
            throw ApiException.badParameter("customFields", "must be a JSON object like {\"ID1\": \"value\"}");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badParameter("customFields", "must be a JSON object like {\"ID1\": \"value\"}");
        }
        for (var field : node.properties()) {
            long id;
            try {
                id = Long.parseLong(field.getKey().trim());
            } catch (NumberFormatException e) {
                throw ApiException.badParameter("customFields", "must be keyed by custom field ids");
            }
            JsonNode v = field.getValue();
            values.put(id, v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString());
        }
        return values;
    }

    /** The seed's {@code TicketCustomFields} entry. */
    record JitbitTicketFieldValue(
            @JsonProperty("FieldName") String fieldName,
            @JsonProperty("FieldID") long fieldId,
            @JsonProperty("Type") int type,
            @JsonProperty("UsageType") int usageType,
            @JsonProperty("Value") String value,
            @JsonProperty("ValueWithOption") String valueWithOption,
            @JsonProperty("Mandatory") boolean mandatory) {

        static JitbitTicketFieldValue of(TicketFieldValue v) {
            return new JitbitTicketFieldValue(
                    v.field().name(),
                    v.field().id(),
                    v.field().type().code(),
                    TicketField.USAGE_TYPE,
                    v.value(),
                    v.display(),
                    v.field().mandatory());
        }
    }
}
