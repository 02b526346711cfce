package io.guestpass.passcode;

import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.PasscodeChallenge;
import io.guestpass.mail.InvitationMail;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * The passcode mail, in the language of the page that asked for it: who asks, the code, how long it is valid, and to
 * ignore it when one did not ask. It has no link: a mail never signs anyone in by itself.
 */
@ApplicationScoped
public class PasscodeMail {

    private final GuestpassConfig config;
    private final Template html;
    private final Template text;

    PasscodeMail(GuestpassConfig config, @Location("mail/passcode.html") Template html, @Location("mail/passcode.txt") Template text) {
        this.config = config;
        this.html = html;
        this.text = text;
    }

    InvitationMail.Content content(EmailAddress to, String code, Locale locale) {
        String organization = config.organization().name();
        String subject = io.guestpass.web.Texts.in(PasscodeTexts.class, locale).mailSubject(organization, code);
        return new InvitationMail.Content(to.value(), subject, render(html, locale, organization, code, subject),
                render(text, locale, organization, code, subject));
    }

    private static String render(Template template, Locale locale, String organization, String code, String subject) {
        return template.instance().setLocale(locale)
                .data("locale", locale.toLanguageTag())
                .data("organization", organization)
                .data("code", code)
                .data("subject", subject)
                .data("minutes", PasscodeChallenge.LIFETIME.toMinutes())
                .render();
    }
}
