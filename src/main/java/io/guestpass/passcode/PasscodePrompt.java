package io.guestpass.passcode;

/** The heading and text of a journey's address page: why the person types an address there. */
public record PasscodePrompt(String heading, String body) {
}
