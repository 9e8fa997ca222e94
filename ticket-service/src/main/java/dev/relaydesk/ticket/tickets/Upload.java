package dev.relaydesk.ticket.tickets;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/** One uploaded file: its (client-given) name, its content type, and its bytes as they stream in. */
public record Upload(String fileName, String contentType, Flux<DataBuffer> content) {}
