package io.guestpass.federation;

/** A validated token that still does not identify an acceptable account (e.g. a work or school account posing as MSA). */
public class RefusedIdentityException extends RuntimeException {
    public RefusedIdentityException(String message) {
        super(message, null, false, false);
    }
}
