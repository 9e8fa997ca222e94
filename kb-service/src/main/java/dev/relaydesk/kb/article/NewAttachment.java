package dev.relaydesk.kb.article;

/** A file to attach, already read within the size limit, its name sanitised. */
public record NewAttachment(String fileName, String contentType, byte[] content) {}
