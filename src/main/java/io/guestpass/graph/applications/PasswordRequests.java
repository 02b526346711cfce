package io.guestpass.graph.applications;

/** The bodies of {@code addPassword} and {@code removePassword}. */
final class PasswordRequests {

    private PasswordRequests() {
    }

    record AddPassword(NewPasswordCredential passwordCredential) {
    }

    /** What a caller may say about a new secret; the secret itself is always generated. */
    record NewPasswordCredential(String displayName, String endDateTime) {
    }

    record RemovePassword(String keyId) {
    }
}
