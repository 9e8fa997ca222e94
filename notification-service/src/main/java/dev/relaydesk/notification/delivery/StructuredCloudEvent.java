package dev.relaydesk.notification.delivery;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CloudEvent in the structured JSON format (CloudEvents JSON Event Format 1.0): the body of every webhook request.
 * JSON data is embedded as JSON, anything else as {@code data_base64}.
 */
final class StructuredCloudEvent {

    private StructuredCloudEvent() {}

    static String of(CloudEvent event, JsonMapper json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("specversion", event.getSpecVersion().toString());
        body.put("id", event.getId());
        body.put("source", event.getSource().toString());
        body.put("type", event.getType());
        if (event.getSubject() != null) {
            body.put("subject", event.getSubject());
        }
        if (event.getTime() != null) {
            body.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.getTime()));
        }
        if (event.getDataContentType() != null) {
            body.put("datacontenttype", event.getDataContentType());
        }
        if (event.getDataSchema() != null) {
            body.put("dataschema", event.getDataSchema().toString());
        }
        for (String name : event.getExtensionNames()) {
            Object value = event.getExtension(name);
            body.put(name, value == null ? null : value.toString());
        }
        byte[] data = event.getData() == null ? null : event.getData().toBytes();
        if (data != null) {
            String type = event.getDataContentType();
            if (type == null || type.startsWith("application/json") || type.endsWith("+json")) {
                body.put("data", json.readTree(data));
            } else if (type.startsWith("text/")) {
                body.put("data", new String(data, StandardCharsets.UTF_8));
            } else {
                body.put("data_base64", java.util.Base64.getEncoder().encodeToString(data));
            }
        }
        return json.writeValueAsString(body);
    }
}
