package io.guestpass.mail;

import io.guestpass.directory.Invitation;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Writes the invitation email (HTML and plain text, in the invitation's language) and the notice for the cc recipient,
 * which never carries the redeem link. {@code customizedMessageBody} is plain text: the HTML template escapes it.
 */
@ApplicationScoped
public class InvitationMail {

    /** Subject and bodies of one message, before sealing into the outbox. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Content(String to, String subject, String html, String text) {
    }

    private final GuestpassConfig config;
    private final Template invitationHtml;
    private final Template invitationText;
    private final Template noticeHtml;
    private final Template noticeText;

    InvitationMail(GuestpassConfig config,
            @Location("mail/invitation.html") Template invitationHtml, @Location("mail/invitation.txt") Template invitationText,
            @Location("mail/notice.html") Template noticeHtml, @Location("mail/notice.txt") Template noticeText) {
        this.config = config;
        this.invitationHtml = invitationHtml;
        this.invitationText = invitationText;
        this.noticeHtml = noticeHtml;
        this.noticeText = noticeText;
    }

    public Content invitation(Invitation invitation, String redeemUrl) {
        Locale locale = languageOf(invitation);
        String organization = config.organization().name();
        String expiry = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(invitation.expiresAt.atZone(ZoneOffset.UTC));
        String subject = texts(locale).invitationSubject(organization);
        return new Content(invitation.invitedEmail, subject,
                render(invitationHtml, locale, organization, invitation, redeemUrl, expiry),
                render(invitationText, locale, organization, invitation, redeemUrl, expiry));
    }

    public Content notice(Invitation invitation) {
        Locale locale = languageOf(invitation);
        String organization = config.organization().name();
        String subject = texts(locale).noticeSubject(organization, invitation.invitedEmail);
        return new Content(invitation.ccAddress, subject,
                notice(noticeHtml, locale, organization, invitation), notice(noticeText, locale, organization, invitation));
    }

    private String render(Template template, Locale locale, String organization, Invitation invitation, String redeemUrl,
            String expiry) {
        return localized(template, locale)
                .data("organization", organization)
                .data("customMessage", invitation.customizedMessageBody)
                .data("redeemUrl", redeemUrl)
                .data("expiry", expiry)
                .data("privacyUrl", config.organization().privacyUrl())
                .render();
    }

    private String notice(Template template, Locale locale, String organization, Invitation invitation) {
        return localized(template, locale)
                .data("organization", organization)
                .data("invitee", invitation.invitedEmail)
                .render();
    }

    /** Graph ignores messageLanguage when a customised body is given: that mail goes out in the default, en-US. */
    private static Locale languageOf(Invitation invitation) {
        return io.guestpass.web.Languages.of(invitation.customizedMessageBody != null ? null : invitation.messageLanguage);
    }

    private static TemplateInstance localized(Template template, Locale locale) {
        return template.instance().setLocale(locale).data("locale", locale.toLanguageTag());
    }

    private static MailTexts texts(Locale locale) {
        return MessageBundles.get(MailTexts.class, Localized.Literal.of(locale.toLanguageTag()));
    }
}
