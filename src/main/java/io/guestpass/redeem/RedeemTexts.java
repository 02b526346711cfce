package io.guestpass.redeem;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The words of the redeem pages; Dutch in {@code messages/redeem_nl.properties}. */
@MessageBundle(value = "redeem", locale = "en")
public interface RedeemTexts {

    @Message("{organization} invites you")
    String startHeading(String organization);

    @Message("This invitation is for {address}. To accept it, sign in below in a way that proves this address is yours.")
    String startBody(String address);

    @Message("No Microsoft account for this address yet? Create one with this address for free at signup.live.com, then open this link again. If it is a work or school address that Microsoft won't accept for a personal account, ask the person who invited you to invite a personal address instead.")
    String startHelp();

    @Message("This link isn't valid")
    String unknownHeading();

    @Message("Check that you opened the whole link from your invitation email. If it still doesn't work, ask the person who invited you for a new invitation.")
    String unknownBody();

    @Message("This invitation has expired")
    String expiredHeading();

    @Message("Ask the person at {organization} who invited you to send you a new invitation.")
    String expiredBody(String organization);

    @Message("This invitation was replaced")
    String supersededHeading();

    @Message("A newer invitation was sent to you. Use the link in the most recent email from {organization}.")
    String supersededBody(String organization);

    @Message("This invitation was withdrawn")
    String revokedHeading();

    @Message("{organization} withdrew this invitation. Contact them if you think this is a mistake.")
    String revokedBody(String organization);

    @Message("You already accepted this invitation")
    String acceptedHeading();

    @Message("There is nothing more to do here. You can continue to the application and sign in there.")
    String acceptedBody();

    @Message("Continue to the application")
    String continueButton();

    @Message("Your guest account is disabled")
    String disabledHeading();

    @Message("Contact {organization} to have your access restored.")
    String disabledBody(String organization);

    @Message("This page has expired")
    String stateExpiredHeading();

    @Message("For your security, open the link in your invitation email again.")
    String stateExpiredBody();

    @Message("This account doesn't match the invitation")
    String mismatchHeading();

    @Message("You signed in as {signedIn}, but the invitation is for {invited}. Sign in with the Microsoft account that uses the invited address.")
    String mismatchBody(String signedIn, String invited);

    @Message("Sign in with another account")
    String anotherAccountButton();

    @Message("Your account didn't confirm an email address")
    String unverifiedHeading();

    @Message("To accept this invitation, {organization} needs the email address of your account as your account provider confirmed it, and this sign-in didn't include one. Sign in with the account that uses the invited address.")
    String unverifiedBody(String organization);

    @Message("This account's address isn't allowed")
    String signInDomainHeading();

    @Message("You signed in as {signedIn}. The policy of {organization} doesn't allow guests with an address at this domain. Sign in with another account.")
    String signInDomainBody(String signedIn, String organization);

    @Message("This address can't be invited")
    String domainHeading();

    @Message("The policy of {organization} does not allow invitations for this address any more. Contact them.")
    String domainBody(String organization);

    @Message("This Microsoft account is already in use")
    String linkedHeading();

    @Message("This Microsoft account belongs to another guest of {organization}. Sign in with another account, or contact {organization}.")
    String linkedBody(String organization);

    @Message("Accept the invitation from {organization}?")
    String consentHeading(String organization);

    @Message("You are signed in as {account}. If you accept, {organization} ({domain}) receives exactly this: your name ({name}), your email address {address}, and that you sign in with {provider}. It can then let you into its applications.")
    String consentBody(String account, String organization, String domain, String name, String address, String provider);

    @Message("By accepting you agree to the terms of use of {organization}.")
    String consentTerms(String organization);

    @Message("Read the terms of use")
    String termsLink();

    @Message("Accept")
    String acceptButton();

    @Message("Decline")
    String declineButton();

    @Message("You declined the invitation")
    String declinedHeading();

    @Message("Nothing was changed. If you change your mind, open the link in your invitation email again.")
    String declinedBody();

    @Message("Too many attempts")
    String throttledHeading();

    @Message("Please wait a few minutes, then try again.")
    String throttledBody();

    @Message("Sign-in didn't complete")
    String providerHeading();

    @Message("We couldn't complete the sign-in with your account provider. Your invitation is still valid: try again in a few minutes.")
    String providerBody();

    @Message("Try again")
    String tryAgainButton();

    @Message("The application's address isn't allowed any more")
    String redirectHeading();

    @Message("Your invitation was not accepted, because {organization} no longer allows the application it leads to. Contact {organization}.")
    String redirectBody(String organization);

    @Message("This account can't be used")
    String refusedHeading();

    @Message("Sign in with a personal Microsoft account (Outlook.com, Hotmail, Live, Xbox), not a work or school account.")
    String refusedBody();

    @Message("This invitation can't be accepted this way")
    String notOfferedHeading();

    @Message("{organization} doesn't let invitations be accepted with {provider}. Open your invitation again and choose one of the ways it offers.")
    String notOfferedBody(String organization, String provider);
}
