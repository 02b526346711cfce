package io.guestpass.mail;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** SMTP through quarkus-mailer; in development quarkus-mailer's mock prints the message to the log instead. */
@ApplicationScoped
@LookupIfProperty(name = "guestpass.mail.transport", stringValue = "smtp", lookupIfMissing = true)
public class SmtpMailTransport implements MailTransport {

    private final ReactiveMailer mailer;

    SmtpMailTransport(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public Uni<Void> send(OutgoingMail mail) {
        Mail message = Mail.withHtml(mail.to(), mail.subject(), mail.html())
                .setText(mail.text())
                .setFrom(mail.from())
                .addHeader("Message-ID", mail.messageId());
        if (mail.logo() != null) {
            InlineImage logo = mail.logo();
            message.addInlineAttachment(logo.fileName(), logo.data(), logo.contentType(), "<" + logo.contentId() + ">");
        }
        return mailer.send(message);
    }
}
