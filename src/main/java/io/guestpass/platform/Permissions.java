package io.guestpass.platform;

/** The Graph permission names the administration API checks (graph-contracts.md, "Permissions"). */
public final class Permissions {
    public static final String USER_INVITE_ALL = "User.Invite.All";
    public static final String USER_READ_ALL = "User.Read.All";
    public static final String USER_READWRITE_ALL = "User.ReadWrite.All";
    /** Graph's least privilege for revokeSignInSessions. */
    public static final String USER_REVOKESESSIONS_ALL = "User.RevokeSessions.All";
    public static final String POLICY_READ_ALL = "Policy.Read.All";
    public static final String POLICY_READWRITE_AUTHORIZATION = "Policy.ReadWrite.Authorization";
    public static final String AUDIT_LOG_READ_ALL = "AuditLog.Read.All";
    public static final String APPLICATION_READ_ALL = "Application.Read.All";
    public static final String APPLICATION_READWRITE_ALL = "Application.ReadWrite.All";
    public static final String ORGANIZATIONAL_BRANDING_READ_ALL = "OrganizationalBranding.Read.All";
    public static final String ORGANIZATIONAL_BRANDING_READWRITE_ALL = "OrganizationalBranding.ReadWrite.All";
    public static final String IDENTITY_PROVIDER_READ_ALL = "IdentityProvider.Read.All";
    public static final String IDENTITY_PROVIDER_READWRITE_ALL = "IdentityProvider.ReadWrite.All";
    public static final String IDENTITY_USER_FLOW_READ_ALL = "IdentityUserFlow.Read.All";
    public static final String IDENTITY_USER_FLOW_READWRITE_ALL = "IdentityUserFlow.ReadWrite.All";

    /** Every permission name the API knows, in a stable order: what an application may be granted. */
    public static final java.util.List<String> ALL = java.util.List.of(USER_INVITE_ALL, USER_READ_ALL, USER_READWRITE_ALL,
            POLICY_READ_ALL, POLICY_READWRITE_AUTHORIZATION, AUDIT_LOG_READ_ALL, APPLICATION_READ_ALL, APPLICATION_READWRITE_ALL,
            ORGANIZATIONAL_BRANDING_READ_ALL, ORGANIZATIONAL_BRANDING_READWRITE_ALL, IDENTITY_PROVIDER_READ_ALL,
            IDENTITY_PROVIDER_READWRITE_ALL, IDENTITY_USER_FLOW_READ_ALL, IDENTITY_USER_FLOW_READWRITE_ALL);

    private Permissions() {
    }
}
