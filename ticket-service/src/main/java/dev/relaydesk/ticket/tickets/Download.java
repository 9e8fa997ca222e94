package dev.relaydesk.ticket.tickets;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/** A file to send: what it is and its bytes, streamed from the blob store. */
public record Download(Attachment attachment, Flux<DataBuffer> content) {}
