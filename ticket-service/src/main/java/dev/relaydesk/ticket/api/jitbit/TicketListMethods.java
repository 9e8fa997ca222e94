package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.tickets.TicketFilter;
import dev.relaydesk.ticket.tickets.TicketQueries;
import dev.relaydesk.ticket.tickets.TicketStats;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code Tickets} (every filter and mode of the seed), {@code Stats} and {@code Search}. */
@RestController
class TicketListMethods {

    static final int DEFAULT_COUNT = 10;
    static final int MAX_COUNT = 300;
    static final int DEFAULT_SEARCH_COUNT = 50;

    private final TicketQueries queries;
    private final JsonMapper json;

    TicketListMethods(TicketQueries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/tickets",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitTicketListItem>> tickets(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> queries.list(caller, filter(p, null, DEFAULT_COUNT)))
                .map(list -> list.stream().map(JitbitTicketListItem::of).toList());
    }

    @RequestMapping(
            path = "/api/search",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitTicketListItem>> search(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> {
                    String query = p.requiredText("query");
                    if (query.length() > 500) {
                        throw ApiException.badParameter("query", "must be at most 500 characters");
                    }
                    return queries.search(caller, filter(p, query, DEFAULT_SEARCH_COUNT));
                })
                .map(list -> list.stream().map(JitbitTicketListItem::of).toList());
    }

    @RequestMapping(
            path = "/api/stats",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Object> stats(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            boolean forCurrentUser = p.bool("forCurrentUser", false);
            return queries.stats(caller).map(s -> statsOf(s, forCurrentUser));
        });
    }

    private static TicketFilter filter(RequestParameters p, String query, int defaultCount) {
        TicketFilter.Mode mode;
        String modeText = p.text("mode");
        if (modeText == null || modeText.isBlank()) {
            mode = TicketFilter.Mode.ALL;
        } else {
            try {
                mode = TicketFilter.Mode.valueOf(modeText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter("mode", "must be all, unanswered, unclosed or handledbyme");
            }
        }
        Integer count = p.intValue("count");
        if (count != null && count < 1) {
            throw ApiException.badParameter("count", "must be at least 1");
        }
        Integer offset = p.intValue("offset");
        if (offset != null && offset < 0) {
            throw ApiException.badParameter("offset", "must not be negative");
        }
        Integer dueInDays = p.intValue("dueInDays");
        String tag = p.text("tagName");
        return new TicketFilter(
                mode,
                p.longs("categoryId"),
                p.longValue("sectionId"),
                p.longs("statusId"),
                p.longValue("fromUserId"),
                p.longValue("fromCompanyId"),
                query == null ? p.longValue("handledByUserID") : p.longValue("assignedToUserId"),
                tag == null || tag.isBlank() ? null : tag.trim(),
                JitbitDates.dateTime("dateFrom", p.text("dateFrom")),
                JitbitDates.dateTimeTo("dateTo", p.text("dateTo")),
                JitbitDates.dateTime("updatedFrom", p.text("updatedFrom")),
                JitbitDates.dateTimeTo("updatedTo", p.text("updatedTo")),
                dueInDays,
                p.bool("includeCustomFields", false),
                p.bool("subscribedOnly", false),
                query,
                count == null ? defaultCount : Math.min(count, MAX_COUNT),
                offset == null ? 0 : offset);
    }

    /** The seed's overall {@code Stats} shape ({@code forCurrentUser=false}, the default), over what the caller sees. */
    record JitbitStats(
            @JsonProperty("TotalTickets") long totalTickets,
            @JsonProperty("Closed") long closed,
            @JsonProperty("InProcess") long inProcess,
            @JsonProperty("NewTickets") long newTickets,
            @JsonProperty("Unanswered") long unanswered,
            @JsonProperty("Unassigned") long unassigned,
            @JsonProperty("Unclosed") long unclosed,
            @JsonProperty("HandledByMe") long handledByMe) {}

    /** The seed's {@code Stats?forCurrentUser=true} shape. */
    record JitbitUserStats(
            @JsonProperty("NewTickets") long newTickets,
            @JsonProperty("Unanswered") long unanswered,
            @JsonProperty("Unassigned") long unassigned,
            @JsonProperty("Unclosed") long unclosed,
            @JsonProperty("HandledByMe") long handledByMe,
            @JsonProperty("SubmittedByMe") long submittedByMe,
            @JsonProperty("InProcess") long inProcess) {}

    private static Object statsOf(TicketStats s, boolean forCurrentUser) {
        return forCurrentUser
                ? new JitbitUserStats(
                        s.newTickets(),
                        s.unanswered(),
                        s.unassigned(),
                        s.unclosed(),
                        s.handledByMe(),
                        s.submittedByMe(),
                        s.inProcess())
                : new JitbitStats(
                        s.total(),
                        s.closed(),
                        s.inProcess(),
                        s.newTickets(),
                        s.unanswered(),
                        s.unassigned(),
                        s.unclosed(),
                        s.handledByMe());
    }
}
