package io.guestpass.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;


/** Words every page shares, whatever the journey; Dutch in {@code messages/page_nl.properties}. */
@MessageBundle(value = "page", locale = "en")
public interface PageTexts {

    @Message("How {organization} uses your data")
    String privacyLink(String organization);

    @Message("Sign in with Microsoft account")
    String signInWithMicrosoftAccount();

    @Message("Sign in with {provider}")
    String signInWith(String provider);

    @Message("Continue")
    String continueButton();

    @Message("Signing you out of an application")
    String signOutFrameTitle();
}
