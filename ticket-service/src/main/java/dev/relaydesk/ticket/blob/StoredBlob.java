package dev.relaydesk.ticket.blob;

/** What a store kept: its key, the size in bytes and the content's SHA-256 (hex). */
public record StoredBlob(String key, long size, String sha256) {}
