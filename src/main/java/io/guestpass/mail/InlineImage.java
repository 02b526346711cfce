package io.guestpass.mail;

/**
 * An image carried inside a message and shown by its HTML part through {@code cid:<contentId>}: mail clients show it
 * without fetching anything from the web (and without telling anyone the mail was opened).
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record InlineImage(String contentId, String fileName, String contentType, byte[] data) {
}
