package io.guestpass.graph.audit;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How an action of the audit trail reads as Graph's directoryAudit: its activity name, category, operation type and the
 * service that logged it (Entra's names where Entra logs the same activity). One entry per action that
 * {@code AuditTrail.record} is called with; an action missing here still reads, under its own name in category Other.
 *
 * @param fixedTarget the id of the one resource the action always targets (a policy), else null
 * @param byTheGuest  the initiator is the event's user itself (a guest redeeming), not the token's subject
 * @param refusal     the event records a refused request: result {@code failure}
 */
record AuditActivity(String action, String displayName, String category, String operationType, String loggedByService,
        String fixedTarget, boolean byTheGuest, boolean refusal) {

    static final String USER_MANAGEMENT = "UserManagement";
    static final String POLICY = "Policy";
    static final String AUTHORIZATION = "Authorization";
    static final String APPLICATION_MANAGEMENT = "ApplicationManagement";
    static final String DIRECTORY_MANAGEMENT = "DirectoryManagement";
    static final String OTHER = "Other";
    private static final String INVITED_USERS = "Invited Users";
    private static final String CORE_DIRECTORY = "Core Directory";

    static final List<AuditActivity> ALL = List.of(
            invitation("invitation.created", "Invite external user", "Add"),
            invitation("invitation.resent", "Resend external user invitation", "Update"),
            invitation("invitation.revoked", "Revoke external user invitation", "Delete"),
            invitation("invitation.redemptionReset", "Reset redemption status of external user", "Update"),
            new AuditActivity("invitation.redeemed", "Redeem external user invite", USER_MANAGEMENT, "Update", INVITED_USERS,
                    null, true, false),
            new AuditActivity("invitation.declined", "Decline external user invite", USER_MANAGEMENT, "Other", INVITED_USERS,
                    null, true, false),
            new AuditActivity("user.signedUp", "Self-service sign up", USER_MANAGEMENT, "Add", "Self-service Sign-up",
                    null, true, false),
            user("user.updated", "Update user", "Update"),
            user("user.deleted", "Delete user", "Delete"),
            user("user.signInSessionsRevoked", "Invalidate all refresh tokens for user", "Update"),
            policy("policy.authorization.updated", "Update authorization policy", "authorizationPolicy"),
            policy("policy.invitation.updated", "Update invitation policy", "invitationPolicy"),
            policy("policy.authenticationFlows.updated", "Update authentication flows policy", "authenticationFlowsPolicy"),
            application("application.created", "Add application", "Add"),
            application("application.updated", "Update application", "Update"),
            application("application.deleted", "Delete application", "Delete"),
            application("application.passwordAdded", "Update application – Certificates and secrets management", "Update"),
            application("application.passwordRemoved", "Update application – Certificates and secrets management", "Update"),
            new AuditActivity("application.signIn", "Sign in to application", APPLICATION_MANAGEMENT, "Other", CORE_DIRECTORY,
                    null, true, false),
            identityProvider("identityProvider.created", "Add identity provider", "Add"),
            identityProvider("identityProvider.updated", "Update identity provider", "Update"),
            identityProvider("identityProvider.enabled", "Update identity provider", "Update"),
            identityProvider("identityProvider.disabled", "Update identity provider", "Update"),
            identityProvider("identityProvider.deleted", "Delete identity provider", "Delete"),
            new AuditActivity("branding.updated", "Update organizational branding", DIRECTORY_MANAGEMENT, "Update",
                    CORE_DIRECTORY, null, false, false),
            new AuditActivity("authorization.refused", "Refuse request for lack of authorization", AUTHORIZATION, "Other",
                    CORE_DIRECTORY, null, false, true));

    private static final Map<String, AuditActivity> BY_ACTION = ALL.stream()
            .collect(Collectors.toMap(AuditActivity::action, Function.identity()));

    static AuditActivity of(String action) {
        AuditActivity known = BY_ACTION.get(action);
        return known != null ? known : new AuditActivity(action, action, OTHER, "Other", "Guestpass", null, false, false);
    }

    /** The actions of a category; {@link #OTHER} stands for every action this table does not know. */
    static List<String> actionsIn(String category) {
        return ALL.stream().filter(a -> a.category.equals(category)).map(AuditActivity::action).toList();
    }

    static List<String> known() {
        return List.copyOf(BY_ACTION.keySet());
    }

    /** The actions whose fixed target has this id (a policy's name). */
    static List<String> targeting(String id) {
        return ALL.stream().filter(a -> id.equals(a.fixedTarget)).map(AuditActivity::action).toList();
    }

    /** The actions whose initiator is the event's user rather than the token's subject. */
    static List<String> byGuests() {
        return ALL.stream().filter(AuditActivity::byTheGuest).map(AuditActivity::action).toList();
    }

    String result() {
        return refusal ? "failure" : "success";
    }

    private static AuditActivity invitation(String action, String displayName, String operationType) {
        return new AuditActivity(action, displayName, USER_MANAGEMENT, operationType, INVITED_USERS, null, false, false);
    }

    private static AuditActivity user(String action, String displayName, String operationType) {
        return new AuditActivity(action, displayName, USER_MANAGEMENT, operationType, CORE_DIRECTORY, null, false, false);
    }

    private static AuditActivity application(String action, String displayName, String operationType) {
        return new AuditActivity(action, displayName, APPLICATION_MANAGEMENT, operationType, CORE_DIRECTORY, null, false, false);
    }

    private static AuditActivity identityProvider(String action, String displayName, String operationType) {
        return new AuditActivity(action, displayName, DIRECTORY_MANAGEMENT, operationType, CORE_DIRECTORY, null, false, false);
    }

    private static AuditActivity policy(String action, String displayName, String policyId) {
        return new AuditActivity(action, displayName, POLICY, "Update", CORE_DIRECTORY, policyId, false, false);
    }
}
