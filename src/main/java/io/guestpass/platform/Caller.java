package io.guestpass.platform;

import java.util.Set;

/**
 * Who is calling the administration API, as its validated access token says: application tokens carry permissions in
 * {@code roles}; delegated (user) tokens carry them in {@code scp} and the person's directory roles in the configured claim.
 */
public record Caller(String subject, String clientId, boolean delegated, Set<String> permissions, Set<String> directoryRoles) {

    public static final String GLOBAL_ADMINISTRATOR = "Global Administrator";
    public static final String USER_ADMINISTRATOR = "User Administrator";
    public static final String GUEST_INVITER = "Guest Inviter";

    public boolean hasAny(String... anyOf) {
        for (String permission : anyOf) {
            if (permissions.contains(permission)) {
                return true;
            }
        }
        return false;
    }

    public boolean isApplication() {
        return !delegated;
    }

    public boolean isAdministrator() {
        return delegated && (directoryRoles.contains(GLOBAL_ADMINISTRATOR) || directoryRoles.contains(USER_ADMINISTRATOR));
    }

    public boolean isGuestInviter() {
        return delegated && directoryRoles.contains(GUEST_INVITER);
    }

    /** Administrators and applications may act on any invitation; others only on their own. */
    public boolean isPrivileged() {
        return isApplication() || isAdministrator();
    }

    /** The scope of idempotency keys and of "the person who sent it": subject and client together. */
    public String scope() {
        return subject + "|" + clientId;
    }
}
