package dev.relaydesk.ticket.api.jitbit;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.tickets.Attachment;
import dev.relaydesk.ticket.tickets.Download;
import dev.relaydesk.ticket.tickets.TicketAttachments;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code AttachFile}, {@code Attachments}, {@code Attachment} (download), {@code DeleteFile} and the attachment URL
 * {@code /File/Get?id=} that ticket JSON links to.
 */
@RestController
class AttachmentMethods {

    private final TicketAttachments attachments;
    private final JsonMapper json;

    AttachmentMethods(TicketAttachments attachments, JsonMapper json) {
        this.attachments = attachments;
        this.json = json;
    }

    @RequestMapping(path = "/api/attachfile", method = RequestMethod.POST)
    Mono<List<Long>> attachFile(Caller caller, ServerWebExchange exchange) {
        Uploads.checkLength(exchange, attachments.maxFileSize(caller));
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            return Uploads.of(exchange).flatMap(files -> {
                if (files.isEmpty()) {
                    throw ApiException.missingParameter("uploadFile");
                }
                return attachments.attach(caller, id, files);
            });
        });
    }

    @RequestMapping(
            path = "/api/attachments",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitAttachment>> list(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> attachments.list(caller, p.requiredLong("id")))
                .map(list -> list.stream().map(JitbitAttachment::of).toList());
    }

    @RequestMapping(
            path = {"/api/attachment", "/file/get"},
            method = RequestMethod.GET)
    Mono<ResponseEntity<Flux<DataBuffer>>> download(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> attachments.download(caller, p.requiredLong("id")))
                .map(AttachmentMethods::response);
    }

    @RequestMapping(
            path = {"/api/deletefile", "/api/deletefile/{id}"},
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> deleteFile(Caller caller, ServerWebExchange exchange, @PathVariable(required = false) String id) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long fileId = id == null
                    ? p.requiredLong("id")
                    : RequestParameters.of(java.util.Map.of("id", id)).requiredLong("id");
            return attachments.delete(caller, fileId);
        });
    }

    private static ResponseEntity<Flux<DataBuffer>> response(Download d) {
        Attachment a = d.attachment();
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(a.fileName());
        ContentDisposition disposition = ascii
                ? ContentDisposition.attachment().filename(a.fileName()).build()
                : ContentDisposition.attachment()
                        .filename(a.fileName(), StandardCharsets.UTF_8)
                        .build();
        MediaType type;
        try {
            type = MediaType.parseMediaType(a.contentType());
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok()
                .contentType(type)
                .contentLength(a.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(d.content());
    }
}
