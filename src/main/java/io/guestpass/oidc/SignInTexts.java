package io.guestpass.oidc;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The words of the app sign-in pages; Dutch in {@code messages/signin_nl.properties}. */
@MessageBundle(value = "signin", locale = "en")
public interface SignInTexts {

    @Message("Sign in to {application}")
    String startHeading(String application);

    @Message("{organization} lets its guests sign in to {application} with the account they were invited with.")
    String startBody(String organization, String application);

    @Message("This sign-in request isn't valid")
    String badRequestHeading();

    @Message("The application that sent you here made a request Guestpass can't accept ({reason}). Go back to the application and try again; if it keeps happening, tell its owner.")
    String badRequestBody(String reason);

    @Message("You don't have access yet")
    String noAccessHeading();

    @Message("{organization} hasn't invited the account you signed in with ({address}). Ask someone at {organization} to invite you, then open the invitation email, or sign in with the account you were invited with.")
    String noAccessBody(String organization, String address);

    @Message("Your account is blocked")
    String disabledHeading();

    @Message("{organization} has blocked sign-in for your account. Contact the person who invited you if you think this is a mistake.")
    String disabledBody(String organization);

    @Message("Accept the invitation from {organization}?")
    String consentHeading(String organization);

    @Message("You are signed in as {address}. {organization} invited this address. To continue to {application}, accept the invitation: {organization} will then see your name and email address.")
    String consentBody(String address, String organization, String application);

    @Message("Accept and continue")
    String acceptButton();

    @Message("Cancel")
    String cancelButton();

    @Message("Back to {application}")
    String backButton(String application);

    @Message("Sign in with another account")
    String anotherAccountButton();

    @Message("Your sign-in took too long")
    String stateExpiredHeading();

    @Message("For your security, a sign-in has to be completed within 30 minutes. Go back to the application and sign in again.")
    String stateExpiredBody();

    @Message("We couldn't sign you in")
    String providerHeading();

    @Message("The sign-in service didn't complete the sign-in. Nothing has changed; please try again in a moment.")
    String providerBody();

    @Message("This account can't be used here")
    String refusedHeading();

    @Message("Sign in with a personal Microsoft account (such as Outlook.com, Hotmail or Live). Work or school accounts can't be used here.")
    String refusedBody();

    @Message("Too many attempts")
    String throttledHeading();

    @Message("Wait a few minutes, then try again.")
    String throttledBody();
}
