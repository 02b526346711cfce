package io.guestpass.mail;

/** One message as a transport sends it. Addresses and names were validated before they got here. */
public record OutgoingMail(String messageId, String from, String to, String subject, String html, String text, InlineImage logo) {
}
