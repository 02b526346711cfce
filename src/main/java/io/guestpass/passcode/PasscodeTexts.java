package io.guestpass.passcode;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The words of the passcode pages and mail; Dutch in {@code messages/passcode_nl.properties}. */
@MessageBundle(value = "passcode", locale = "en")
public interface PasscodeTexts {

    @Message("Sign in with a one-time code by email")
    String buttonLabel();

    @Message("Sign in with a code by email")
    String addressHeading();

    @Message("Enter your email address. If {organization} can let you in with it, we send a code to it that you enter on the next page.")
    String addressBody(String organization);

    @Message("Confirm your email address")
    String proveAddressHeading();

    @Message("The account you signed in with came without a confirmed email address. Enter the address {organization} may use to contact you: we send a code to it that you enter on the next page.")
    String proveAddressBody(String organization);

    @Message("Email address")
    String addressLabel();

    @Message("Send code")
    String sendButton();

    @Message("Get a code by email")
    String fixedHeading();

    @Message("We send a one-time code to {address}, the address this invitation is for. Enter it on the next page to show that the address is yours.")
    String fixedBody(String address);

    @Message("Enter your code")
    String codeHeading();

    @Message("We sent a code to {address}. It is valid for {minutes} minutes. No email? Check your spam folder, or send a new code.")
    String codeBody(String address, long minutes);

    @Message("Code from the email (8 digits)")
    String codeLabel();

    @Message("Continue")
    String continueButton();

    @Message("Send a new code")
    String newCodeButton();

    @Message("Use another email address")
    String otherAddressLink();

    @Message("There is a problem")
    String errorSummaryHeading();

    @Message("Enter an email address in the form name@example.com")
    String invalidAddress();

    @Message("Enter the 8 digits of the code from the email")
    String codeFormat();

    @Message("That code isn't right. Check the email and try again.")
    String wrongCode();

    @Message("Too many wrong codes. Send a new code and enter that one.")
    String exhausted();

    @Message("This code has expired. Send a new code.")
    String expired();

    @Message("This code can't be used any more (a newer one was sent, or it was used). Send a new code.")
    String spent();

    @Message("No code was sent in this browser. A code only works in the browser that asked for it: send a code here.")
    String noCodeHere();

    @Message("Too many codes asked for")
    String throttledHeading();

    @Message("Please wait a few minutes before asking for another code.")
    String throttledBody();

    @Message("Signing in with a code by email isn't available here")
    String notOfferedHeading();

    @Message("Go back and choose another way to sign in.")
    String notOfferedBody();

    @Message("Your code for {organization}: {code}")
    String mailSubject(String organization, String code);

    @Message("Someone, hopefully you, asked {organization} for a code to sign in with this email address.")
    String mailIntro(String organization);

    @Message("Your code:")
    String mailCodeLead();

    @Message("Enter it on the page where you asked for it. It is valid for {minutes} minutes and works once.")
    String mailValidity(long minutes);

    @Message("If you did not ask for a code, ignore this email: nothing happens without the code. Never give this code to anyone.")
    String mailIgnore();
}
