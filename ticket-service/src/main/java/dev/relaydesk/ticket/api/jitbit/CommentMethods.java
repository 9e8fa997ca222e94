package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.tickets.Comment;
import dev.relaydesk.ticket.tickets.CommentTemplate;
import dev.relaydesk.ticket.tickets.NewComment;
import dev.relaydesk.ticket.tickets.TicketAttachments;
import dev.relaydesk.ticket.tickets.TicketComments;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code Comment} (POST, with file parts), {@code updatecomment}, {@code Comments}, {@code CommentTemplates}. */
@RestController
class CommentMethods {

    private final TicketComments comments;
    private final TicketAttachments attachments;
    private final JsonMapper json;

    CommentMethods(TicketComments comments, TicketAttachments attachments, JsonMapper json) {
        this.comments = comments;
        this.attachments = attachments;
        this.json = json;
    }

    @RequestMapping(path = "/api/comment", method = RequestMethod.POST)
    Mono<Long> comment(Caller caller, ServerWebExchange exchange) {
        Uploads.checkLength(exchange, attachments.maxFileSize(caller));
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            p.requiredText("body");
            boolean techsOnly = p.bool("forTechsOnly", false);
            NewComment request = new NewComment(
                    id,
                    p.text("body"),
                    techsOnly,
                    p.bool("isSystem", false),
                    recipientIds(p.text("recipientIds")),
                    p.longValue("fromUserId"));
            return Uploads.of(exchange).flatMap(files -> attachments.postComment(caller, request, files));
        });
    }

    @RequestMapping(path = "/api/updatecomment", method = RequestMethod.POST)
    Mono<Void> updateComment(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            p.requiredText("body");
            return comments.update(caller, id, p.text("body"));
        });
    }

    @RequestMapping(
            path = "/api/comments",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitComment>> comments(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> comments.list(caller, p.requiredLong("id")))
                .map(list -> list.stream().map(JitbitComment::of).toList());
    }

    @RequestMapping(
            path = "/api/commenttemplates",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCommentTemplate>> templates(Caller caller) {
        return comments.templates()
                .map(list -> list.stream().map(JitbitCommentTemplate::of).toList());
    }

    /** Relaydesk addition: creates a canned response (administrators); its id. */
    @RequestMapping(path = "/api/createcommenttemplate", method = RequestMethod.POST)
    Mono<Long> createTemplate(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> comments.createTemplate(caller, p.requiredText("name"), p.requiredText("body")));
    }

    private static List<Long> recipientIds(String value) {
        List<Long> ids = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return ids;
        }
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ids.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw ApiException.badParameter("recipientIds", "must be comma-separated user ids");
            }
        }
        return List.copyOf(ids);
    }

    /** The seed's {@code Comments} entry. */
    record JitbitComment(
            @JsonProperty("CommentID") long commentId,
            @JsonProperty("IssueID") long issueId,
            @JsonProperty("UserID") long userId,
            @JsonProperty("UserName") String userName,
            @JsonProperty("Email") String email,
            @JsonProperty("FirstName") String firstName,
            @JsonProperty("LastName") String lastName,
            @JsonProperty("IsSystem") boolean isSystem,
            @JsonProperty("CommentDate") String commentDate,
            @JsonProperty("ForTechsOnly") boolean forTechsOnly,
            @JsonProperty("Body") String body,
            @JsonProperty("TicketSubject") String ticketSubject,
            @JsonProperty("Recipients") String recipients) {

        static JitbitComment of(Comment c) {
            return new JitbitComment(
                    c.id(),
                    c.ticketId(),
                    c.userId(),
                    c.userName(),
                    c.email(),
                    c.firstName() == null ? "" : c.firstName(),
                    c.lastName() == null ? "" : c.lastName(),
                    c.isSystem(),
                    JitbitDates.format(c.createdAt()),
                    c.forTechsOnly(),
                    c.body(),
                    null,
                    c.recipients());
        }
    }

    /** The seed's {@code CommentTemplates} entry. */
    record JitbitCommentTemplate(
            @JsonProperty("TemplateId") long templateId,
            @JsonProperty("Body") String body,
            @JsonProperty("Name") String name) {

        static JitbitCommentTemplate of(CommentTemplate t) {
            return new JitbitCommentTemplate(t.id(), t.body(), t.name());
        }
    }
}
