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

    private Permissions() {
    }
}
