package io.guestpass.oidc;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The words of the sign-out pages; Dutch in {@code messages/logout_nl.properties}. */
@MessageBundle(value = "logout", locale = "en")
public interface LogoutTexts {

    @Message("You're signed out")
    String signedOutHeading();

    @Message("You're signed out of {organization}'s applications on this device. To use them again, sign in again.")
    String signedOutBody(String organization);

    @Message("The application that sent you here asked to be taken back to an address it hasn't registered ({reason}), so Guestpass doesn't go there. You can close this page.")
    String notReturnedBody(String reason);

    @Message("Return to the application")
    String continueButton();

    @Message("This sign-out request isn't valid")
    String badRequestHeading();

    @Message("The sign-out request was not meant for this Guestpass ({reason}).")
    String badRequestBody(String reason);
}
