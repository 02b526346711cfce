package io.guestpass.signup;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the sign-up pages; Dutch in {@code messages/signup_nl.properties}. What sign-up shares with app sign-in
 * (an expired page, a refused account, an unreachable provider) says it in {@link io.guestpass.oidc.SignInTexts}.
 */
@MessageBundle(value = "signup", locale = "en")
public interface SignUpTexts {

    @Message("Sign up for {application}")
    String startHeading(String application);

    @Message("{organization} lets you create a guest account for {application} with an account you already have. Choose the account to sign up with.")
    String startBody(String organization, String application);

    @Message("Tell {organization} about yourself")
    String attributesHeading(String organization);

    @Message("You are signing up as {address}. Fill in the details below to finish.")
    String attributesBody(String address);

    @Message("By signing up you agree that {organization} keeps the details above with your name and email address, to give you access to its applications.")
    String consentNotice(String organization);

    @Message("Sign up")
    String signUpButton();

    @Message("optional")
    String optional();

    @Message("There is a problem")
    String errorSummaryHeading();

    @Message("Enter {label}.")
    String required(String label);

    @Message("Choose {label}.")
    String choose(String label);

    @Message("Tick {label} to continue.")
    String mustTick(String label);

    @Message("Use at most {max} characters.")
    String tooLong(int max);

    @Message("Remove the line breaks and other control characters.")
    String controlCharacters();

    @Message("Enter a whole number.")
    String notANumber();

    @Message("Enter a date as year-month-day, for example 1990-07-31.")
    String notADate();

    @Message("Enter an email address, for example name@example.com.")
    String notAnAddress();

    @Message("Choose one of the options.")
    String notAChoice();

    @Message("Give one value only.")
    String oneValueOnly();

    @Message("Sign-up isn't available")
    String switchedOffHeading();

    @Message("{organization} doesn't let people sign themselves up at the moment. Ask someone at {organization} to invite you instead.")
    String switchedOffBody(String organization);

    @Message("This sign-up page doesn't exist")
    String noFlowHeading();

    @Message("The application that sent you here asked for a sign-up {organization} doesn't offer for it. Go back to the application; if it keeps happening, tell its owner.")
    String noFlowBody(String organization);

    @Message("You can't sign up")
    String blockedHeading();

    @Message("Sign-up couldn't be finished")
    String connectorFailedHeading();

    @Message("{organization} couldn't check your details just now, so nothing was saved. Try again in a few minutes.")
    String connectorFailedBody(String organization);

    @Message("This address already has an account")
    String addressTakenHeading();

    @Message("{address} already belongs to a guest of {organization} who signs in with another account. Sign in with that account instead.")
    String addressTakenBody(String address, String organization);

    @Message("{address} already belongs to a guest of {organization} who signs in with {provider}. Sign in with {provider} instead.")
    String addressTakenByBody(String address, String organization, String provider);

    @Message("Use another account")
    String anotherAccountButton();
}
