package io.guestpass.mail;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The words of invitation mail; translations in {@code messages/mail_<lang>.properties}. */
@MessageBundle(value = "mail", locale = "en")
public interface MailTexts {

    @Message("You're invited to {organization}")
    String invitationSubject(String organization);

    @Message("{organization} has invited you to collaborate.")
    String invitationIntro(String organization);

    @Message("{inviter} of {organization} has invited you to collaborate.")
    String invitedBy(String inviter, String organization);

    @Message("An application of {organization} has invited you to collaborate.")
    String invitedByApplication(String organization);

    @Message("Sent on behalf of {organization} ({domain}).")
    String sentFor(String organization, String domain);

    // the contact follows in the template (a properties file would drop a trailing space)
    @Message("Did you not expect this invitation? Ignore this message, or report it to")
    String reportUnexpected();

    @Message("A message from the person who invited you:")
    String personalMessage();

    @Message("Accept invitation")
    String acceptButton();

    @Message("Or open this link: ")
    String linkLabel();

    @Message("This invitation expires on {expiry}. You can sign in with your personal Microsoft account.")
    String expiry(String expiry);

    // no trailing space here: a properties file drops it (the Dutch mail read "omgaat:http…"); the template adds it
    @Message("How {organization} handles your data:")
    String privacy(String organization);

    @Message("If you did not expect this invitation, you can ignore this message.")
    String ignore();

    @Message("An invitation to {organization} was sent to {invitee}")
    String noticeSubject(String organization, String invitee);

    @Message("{organization} has sent an invitation to {invitee}. You receive this notice because you were copied; the invitation link was sent only to the invitee.")
    String noticeBody(String organization, String invitee);
}
