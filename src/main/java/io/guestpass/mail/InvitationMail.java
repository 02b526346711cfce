package io.guestpass.mail;

import io.guestpass.directory.Invitation;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.web.Branding;
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

    /** Subject, bodies and the inline logo (or null) of one message, before sealing into the outbox. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Content(String to, String subject, String html, String text, InlineImage logo) {

        public Content(String to, String subject, String html, String text) {
            this(to, subject, html, text, null);
        }
    }

    /** How the HTML part refers to the inline logo ({@code cid:}). */
    static final String LOGO_CONTENT_ID = "banner-logo@guestpass";

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

    /** The invitation with the organization's branding as it is now: its logo travels inside the message. */
    public Content invitation(Invitation invitation, String redeemUrl, Branding branding) {
        Locale locale = languageOf(invitation);
        String organization = config.organization().name();
        String expiry = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(invitation.expiresAt.atZone(ZoneOffset.UTC));
        String subject = texts(locale).invitationSubject(organization);
        InlineImage logo = branding.hasLogo() ? new InlineImage(LOGO_CONTENT_ID,
                branding.logoType().equals("image/png") ? "logo.png" : "logo.jpg", branding.logoType(), branding.logo()) : null;
        return new Content(invitation.invitedEmail, subject,
                render(invitationHtml, locale, organization, invitation, redeemUrl, expiry, logo),
                render(invitationText, locale, organization, invitation, redeemUrl, expiry, logo), logo);
    }

    public Content notice(Invitation invitation) {
        Locale locale = languageOf(invitation);
        String organization = config.organization().name();
        String subject = texts(locale).noticeSubject(organization, invitation.invitedEmail);
        return new Content(invitation.ccAddress, subject,
                notice(noticeHtml, locale, organization, invitation), notice(noticeText, locale, organization, invitation));
    }

    private String render(Template template, Locale locale, String organization, Invitation invitation, String redeemUrl,
            String expiry, InlineImage logo) {
        String contact = config.organization().reportContact().map(String::strip).filter(c -> !c.isEmpty()).orElse(null);
        return localized(template, locale)
                .data("organization", organization)
                .data("intro", intro(texts(locale), invitation, organization))
                .data("domain", config.directory().domain())
                .data("reportContact", contact)
                .data("reportHref", contact == null ? null : hrefOf(contact))
                .data("logoSrc", logo == null ? null : "cid:" + logo.contentId())
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

    /** Who invited the guest, as recorded at invitation: a person by name, an application, or (older) the organization. */
    private static String intro(MailTexts texts, Invitation invitation, String organization) {
        if (invitation.invitedByName != null) {
            return texts.invitedBy(invitation.invitedByName, organization);
        }
        return invitation.invitedByApplication ? texts.invitedByApplication(organization) : texts.invitationIntro(organization);
    }

    /** An address becomes a mailto: link, an https URL a link; anything else is shown as text only. */
    private static String hrefOf(String contact) {
        if (contact.startsWith("https://")) {
            return contact;
        }
        return contact.matches("[^\\s@:/]+@[^\\s@:/]+") ? "mailto:" + contact : null;
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
