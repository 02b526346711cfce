package io.guestpass.directory;

/** An entity refused a state change its rules do not allow (mapped to 409 Conflict). */
public class DirectoryRuleException extends RuntimeException {
    public DirectoryRuleException(String message) {
        super(message, null, false, false);
    }
}
