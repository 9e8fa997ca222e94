package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.tickets.IntegrationLinks;
import dev.relaydesk.ticket.tickets.Subscriber;
import dev.relaydesk.ticket.tickets.TicketAttachments;
import dev.relaydesk.ticket.tickets.TicketQueries;
import dev.relaydesk.ticket.tickets.TicketRelations;
import dev.relaydesk.ticket.tickets.TicketSummary;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscribers ({@code AddSubscriber}, {@code RemoveSubscriber}, {@code Subscribers}), related tickets
 * ({@code LinkTickets}, {@code UnlinkTickets}, {@code LinkedTickets}), sub-tickets ({@code AddSubTicket},
 * {@code RemoveSubTicket}, {@code SubTickets}, {@code ParentTicket}), {@code MergeTickets} and
 * {@code TicketIntegrationData}.
 */
@RestController
class RelationMethods {

    private final TicketRelations relations;
    private final TicketQueries queries;
    private final TicketAttachments attachments;
    private final JsonMapper json;

    RelationMethods(TicketRelations relations, TicketQueries queries, TicketAttachments attachments, JsonMapper json) {
        this.relations = relations;
        this.queries = queries;
        this.attachments = attachments;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/addsubscriber",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> addSubscriber(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.addSubscriber(caller, p.requiredLong("id"), p.requiredLong("userId")));
    }

    @RequestMapping(
            path = "/api/removesubscriber",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> removeSubscriber(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.removeSubscriber(caller, p.requiredLong("id"), p.requiredLong("userId")));
    }

    @RequestMapping(
            path = "/api/subscribers",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitSubscriber>> subscribers(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.subscribers(caller, p.requiredLong("id")))
                .map(list -> list.stream().map(JitbitSubscriber::of).toList());
    }

    @RequestMapping(
            path = "/api/linktickets",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> link(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.link(caller, p.requiredLong("id"), p.requiredLong("id2")));
    }

    @RequestMapping(
            path = "/api/unlinktickets",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> unlink(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.unlink(caller, p.requiredLong("id"), p.requiredLong("id2")));
    }

    @RequestMapping(
            path = "/api/linkedtickets",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitLinkedTicket>> linked(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.linked(caller, p.requiredLong("id")))
                .map(list -> list.stream().map(JitbitLinkedTicket::of).toList());
    }

    @RequestMapping(
            path = "/api/addsubticket",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> addSubTicket(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.addSubTicket(caller, p.requiredLong("parentId"), p.requiredLong("childId")));
    }

    @RequestMapping(
            path = "/api/removesubticket",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> removeSubTicket(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.removeSubTicket(caller, p.requiredLong("childId")));
    }

    @RequestMapping(
            path = "/api/subtickets",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitTicketListItem>> subTickets(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.subTickets(caller, p.requiredLong("id")))
                .map(list -> list.stream().map(JitbitTicketListItem::of).toList());
    }

    /** The parent's id as plain text (0 when none), or with {@code returnFullTicket} the parent's ticket JSON. */
    @RequestMapping(
            path = "/api/parentticket",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<ResponseEntity<Object>> parent(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            boolean full = p.bool("returnFullTicket", false);
            return relations.parent(caller, id).flatMap(parent -> {
                if (!full || parent == 0) {
                    return Mono.just(ResponseEntity.ok()
                            .contentType(MediaType.TEXT_PLAIN)
                            .body((Object) Long.toString(parent)));
                }
                return queries.details(caller, parent)
                        .zipWith(
                                attachments.list(caller, parent),
                                (t, files) -> JitbitTicket.of(
                                        t,
                                        files.stream().map(JitbitAttachment::of).toList()))
                        .map(t -> ResponseEntity.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .body((Object) t));
            });
        });
    }

    @RequestMapping(
            path = "/api/mergetickets",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> merge(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.merge(caller, p.requiredLong("id"), p.requiredLong("id2")));
    }

    @RequestMapping(
            path = "/api/ticketintegrationdata",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<JitbitIntegrationData> integrations(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> relations.integrations(caller, p.requiredLong("id")))
                .map(JitbitIntegrationData::of);
    }

    /** A subscriber (the seed shows no shape: the user fields of its other user objects). */
    record JitbitSubscriber(
            @JsonProperty("UserID") long userId,
            @JsonProperty("Username") String username,
            @JsonProperty("Email") String email,
            @JsonProperty("FirstName") String firstName,
            @JsonProperty("LastName") String lastName) {

        static JitbitSubscriber of(Subscriber s) {
            return new JitbitSubscriber(s.userId(), s.username(), s.email(), s.firstName(), s.lastName());
        }
    }

    /** The seed's {@code LinkedTickets} entry. */
    record JitbitLinkedTicket(
            @JsonProperty("TicketID") long ticketId,
            @JsonProperty("Subject") String subject,
            @JsonProperty("StatusID") long statusId,
            @JsonProperty("UpdatedByUser") boolean updatedByUser,
            @JsonProperty("UpdatedByPerformer") boolean updatedByPerformer,
            @JsonProperty("CompanyID") Long companyId,
            @JsonProperty("UserID") long userId,
            @JsonProperty("Username") String username,
            @JsonProperty("FirstName") String firstName,
            @JsonProperty("LastName") String lastName,
            @JsonProperty("IssueDate") String issueDate) {

        static JitbitLinkedTicket of(TicketSummary t) {
            return new JitbitLinkedTicket(
                    t.id(),
                    t.subject(),
                    t.statusId(),
                    t.updatedByUser(),
                    t.updatedByPerformer(),
                    t.companyId(),
                    t.userId(),
                    t.userName(),
                    t.firstName(),
                    t.lastName(),
                    JitbitDates.format(t.createdAt()));
        }
    }

    /** The seed's {@code TicketIntegrationData} object. */
    record JitbitIntegrationData(
            @JsonProperty("BitbucketIssueUrl") String bitbucket,
            @JsonProperty("JiraIssueUrl") String jira,
            @JsonProperty("GitHubIssueUrl") String gitHub,
            @JsonProperty("AsanaTaskUrl") String asana,
            @JsonProperty("TrelloCardUrl") String trello,
            @JsonProperty("VSOWorkItemUrl") String vso,
            @JsonProperty("HarvestProjectUrl") String harvest,
            @JsonProperty("GitLabIssueUrl") String gitLab,
            @JsonProperty("BasecampTodoUrl") String basecamp) {

        static JitbitIntegrationData of(IntegrationLinks links) {
            var u = links.urls();
            return new JitbitIntegrationData(
                    u.get("Bitbucket"),
                    u.get("Jira"),
                    u.get("GitHub"),
                    u.get("Asana"),
                    u.get("Trello"),
                    u.get("VSO"),
                    u.get("Harvest"),
                    u.get("GitLab"),
                    u.get("Basecamp"));
        }
    }
}
