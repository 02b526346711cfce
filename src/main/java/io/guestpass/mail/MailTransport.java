package io.guestpass.mail;

import io.smallrye.mutiny.Uni;

/** Hands a message to a mail service: SMTP (development, tests, any provider) or Amazon SES (production). */
public interface MailTransport {
    Uni<Void> send(OutgoingMail mail);
}
