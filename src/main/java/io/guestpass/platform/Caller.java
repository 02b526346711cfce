package io.guestpass.platform;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling the administration API, as its validated access token says (see {@link CallerResolver} for how a token
 * is recognised as an application's or a person's). An application's permissions are what it was granted; a person's
 * ({@code delegated}) are the scopes the client app was granted, and every decision also asks the person's own
 * directory roles (held by name), as Graph intersects delegated permissions with what the signed-in person may do.
 * {@code displayName} is how a person's token names them ("Ada Admin (ada@contoso.com)"), for the invitation mail.
 */
public record Caller(String subject, String clientId, boolean delegated, Set<String> permissions, Set<String> directoryRoles,
        String displayName) {

    public static final String GLOBAL_ADMINISTRATOR = "Global Administrator";
    public static final String USER_ADMINISTRATOR = "User Administrator";
    public static final String GUEST_INVITER = "Guest Inviter";
    public static final String GLOBAL_READER = "Global Reader";
    public static final String SECURITY_READER = "Security Reader";
    public static final String REPORTS_READER = "Reports Reader";
    public static final String APPLICATION_ADMINISTRATOR = "Application Administrator";
    public static final String EXTERNAL_ID_USER_FLOW_ADMINISTRATOR = "External ID User Flow Administrator";
    public static final String EXTERNAL_IDENTITY_PROVIDER_ADMINISTRATOR = "External Identity Provider Administrator";

    /** Entra's role-template ids (the {@code wids} claim) of the roles above, mapped to their names. */
    public static final Map<String, String> ROLE_TEMPLATE_IDS = Map.of(
            "62e90394-69f5-4237-9190-012177145e10", GLOBAL_ADMINISTRATOR,
            "fe930be7-5e62-47db-91af-98c3a49a38b1", USER_ADMINISTRATOR,
            "95e79109-95c0-4d8e-aee3-d01accf2d47b", GUEST_INVITER,
            "f2ef992c-3afb-46b9-b7cf-a126ee74c451", GLOBAL_READER,
            "5d6b6bb7-de71-4623-b4af-96380a352509", SECURITY_READER,
            "4a5d8f65-41da-4de4-8968-e035b65339cf", REPORTS_READER,
            "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", APPLICATION_ADMINISTRATOR,
            "6e591065-9bad-43ed-90f3-e9424366d2f0", EXTERNAL_ID_USER_FLOW_ADMINISTRATOR,
            "be2f45a1-457d-42af-a067-6ec1fa63bc45", EXTERNAL_IDENTITY_PROVIDER_ADMINISTRATOR);

    /** A caller whose token names no one (a guest, an application): {@code displayName} is null. */
    public Caller(String subject, String clientId, boolean delegated, Set<String> permissions, Set<String> directoryRoles) {
        this(subject, clientId, delegated, permissions, directoryRoles, null);
    }

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

    public boolean hasRole(String role) {
        return delegated && directoryRoles.contains(role);
    }

    public boolean isAdministrator() {
        return hasRole(GLOBAL_ADMINISTRATOR) || hasRole(USER_ADMINISTRATOR);
    }

    public boolean isGuestInviter() {
        return hasRole(GUEST_INVITER);
    }

    /** Administrators and applications may act on any invitation; others only on their own. */
    public boolean isPrivileged() {
        return isApplication() || isAdministrator();
    }

    /**
     * May this caller change, delete or reset a user of this type? Applications by their permission alone; a person as
     * Global Administrator, or as User Administrator over guests but never over a Member (who may hold a role themselves).
     */
    public boolean mayManageUser(boolean targetIsMember) {
        return isApplication() || hasRole(GLOBAL_ADMINISTRATOR) || (hasRole(USER_ADMINISTRATOR) && !targetIsMember);
    }

    /** Policies are the Global Administrator's alone among people. */
    public boolean mayChangePolicies() {
        return isApplication() || hasRole(GLOBAL_ADMINISTRATOR);
    }

    /** Applications (registrations and their secrets) are a Global or Application Administrator's among people. */
    public boolean mayManageApplications() {
        return isApplication() || hasRole(GLOBAL_ADMINISTRATOR) || hasRole(APPLICATION_ADMINISTRATOR);
    }

    /**
     * What an application's own tokens may do (its grantedPermissions) is the Global Administrator's alone: no application,
     * however privileged, grants permissions, to itself or another.
     */
    public boolean mayGrantPermissions() {
        return hasRole(GLOBAL_ADMINISTRATOR);
    }

    /** The organization's branding is the Global Administrator's alone among people. */
    public boolean mayChangeBranding() {
        return isApplication() || hasRole(GLOBAL_ADMINISTRATOR);
    }

    /** Self-service sign-up user flows and their attributes: a Global or External ID User Flow Administrator's among people. */
    public boolean mayManageUserFlows() {
        return isApplication() || hasRole(GLOBAL_ADMINISTRATOR) || hasRole(EXTERNAL_ID_USER_FLOW_ADMINISTRATOR);
    }

    /** Identity providers: a Global or External Identity Provider Administrator's among people. */
    public boolean mayManageIdentityProviders() {
        return isApplication() || hasRole(GLOBAL_ADMINISTRATOR) || hasRole(EXTERNAL_IDENTITY_PROVIDER_ADMINISTRATOR);
    }

    /** Did this caller send something recorded with this subject and client? */
    public boolean is(String otherSubject, String otherClientId) {
        return subject.equals(otherSubject) && Objects.equals(clientId, otherClientId);
    }

    /**
     * The scope of idempotency keys, encoded unambiguously: {@code \} and {@code |} inside the parts are escaped, and a
     * caller without a client id has no separator. For the subjects and client ids real issuers use (none holds a
     * {@code \} or {@code |}) this is the earlier {@code subject|clientId}, so records stored before stay valid.
     */
    public String scope() {
        return escape(subject) + (clientId == null ? "" : "|" + escape(clientId));
    }

    private static String escape(String part) {
        return part.replace("\\", "\\\\").replace("|", "\\|");
    }
}
