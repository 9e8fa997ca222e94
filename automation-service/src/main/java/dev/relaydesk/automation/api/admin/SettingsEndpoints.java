package dev.relaydesk.automation.api.admin;

import dev.relaydesk.automation.settings.TenantSettings;
import dev.relaydesk.automation.settings.TenantSettingsStore;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's working hours ({@code /automation/working-hours}), which time rules with {@code workingHours: true} count
 * in, and its automation settings ({@code /automation/settings}): the statuses that put a ticket on hold.
 */
@RestController
class SettingsEndpoints {

    private final TenantSettingsStore settings;
    private final JsonBodies bodies;

    SettingsEndpoints(TenantSettingsStore settings, JsonBodies bodies) {
        this.settings = settings;
        this.bodies = bodies;
    }

    @GetMapping("/automation/working-hours")
    Mono<Map<String, Object>> workingHours(Caller caller) {
        return settings.read(caller).map(SettingsEndpoints::workingHoursView);
    }

    @PutMapping("/automation/working-hours")
    Mono<Map<String, Object>> saveWorkingHours(Caller caller, @RequestBody(required = false) String body) {
        return bodies.object(body)
                .flatMap(node -> {
                    ZoneId zone = zone(node.get("timeZone"));
                    Set<DayOfWeek> days = days(node.get("days"));
                    LocalTime start = time(node.get("start"), "start");
                    LocalTime end = time(node.get("end"), "end");
                    if (!end.isAfter(start)) {
                        throw ApiException.badParameter("end", "must be after start");
                    }
                    return settings.saveWorkingHours(caller, zone, days, start, end);
                })
                .map(SettingsEndpoints::workingHoursView);
    }

    @GetMapping("/automation/settings")
    Mono<Map<String, Object>> read(Caller caller) {
        return settings.read(caller).map(SettingsEndpoints::settingsView);
    }

    @PutMapping("/automation/settings")
    Mono<Map<String, Object>> save(Caller caller, @RequestBody(required = false) String body) {
        return bodies.object(body)
                .flatMap(node -> {
                    JsonNode ids = node.get("pausedStatusIds");
                    if (ids == null || !ids.isArray()) {
                        throw ApiException.badParameter("pausedStatusIds", "must be an array of status ids");
                    }
                    Set<Long> statusIds = new TreeSet<>();
                    for (JsonNode id : ids) {
                        if (!id.isIntegralNumber()) {
                            throw ApiException.badParameter("pausedStatusIds", "must be an array of status ids");
                        }
                        statusIds.add(id.longValue());
                    }
                    return settings.savePausedStatuses(caller, statusIds);
                })
                .map(SettingsEndpoints::settingsView);
    }

    private static Map<String, Object> workingHoursView(TenantSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timeZone", s.timeZone().getId());
        out.put("days", s.workDays().stream().sorted().map(DayOfWeek::name).toList());
        out.put("start", s.start().toString());
        out.put("end", s.end().toString());
        return out;
    }

    private static Map<String, Object> settingsView(TenantSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pausedStatusIds", s.pausedStatusIds().stream().sorted().toList());
        out.put("workingHours", workingHoursView(s));
        return out;
    }

    private static ZoneId zone(JsonNode node) {
        if (node == null || node.isNull() || !node.isString() || node.asString().isBlank()) {
            throw ApiException.missingParameter("timeZone");
        }
        try {
            return ZoneId.of(node.asString().trim());
        } catch (DateTimeException e) {
            throw ApiException.badParameter("timeZone", "must be a time zone id such as Europe/Berlin");
        }
    }

    private static Set<DayOfWeek> days(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw ApiException.badParameter("days", "must be an array of days such as [\"MONDAY\", \"TUESDAY\"]");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (JsonNode day : node) {
            String name = day.asString().trim().toUpperCase(Locale.ROOT);
            List<DayOfWeek> match = Arrays.stream(DayOfWeek.values())
                    .filter(d -> !name.isEmpty()
                            && (d.name().equals(name) || d.name().startsWith(name) && name.length() >= 3))
                    .toList();
            if (match.size() != 1) {
                throw ApiException.badParameter("days", "contains an unknown day '" + day.asString() + "'");
            }
            days.add(match.getFirst());
        }
        return days;
    }

    private static LocalTime time(JsonNode node, String name) {
        if (node == null || node.isNull() || node.asString().isBlank()) {
            throw ApiException.missingParameter(name);
        }
        try {
            return LocalTime.parse(node.asString().trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "must be a time such as 09:00");
        }
    }
}
