package io.guestpass.signup.api;

/**
 * A Microsoft-account ID token that a back end presented was not accepted. {@link #reason()} says why in words that are
 * safe to show to the calling back end (never the token, its claims or anything about the person).
 */
public class IdTokenRefusedException extends RuntimeException {

    private final String reason;

    public IdTokenRefusedException(String reason) {
        super("ID token refused: " + reason, null, false, false);
        this.reason = reason;
    }

    /** Why, for the calling back end: e.g. "the token has expired", "the token was already used". */
    public String reason() {
        return reason;
    }
}
