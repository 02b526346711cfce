package io.guestpass.graph.userflows;

import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
import io.guestpass.platform.Permissions;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who may read and change user flows and their attributes: the permission (IdentityUserFlow.Read.All or
 * IdentityUserFlow.ReadWrite.All), and among people also the Global Administrator or External ID User Flow Administrator role.
 */
@RequestScoped
public class UserFlowAccess {

    private final CallerResolver callers;

    UserFlowAccess(CallerResolver callers) {
        this.callers = callers;
    }

    public Caller toRead(String target) {
        return checked(target, Permissions.IDENTITY_USER_FLOW_READ_ALL, Permissions.IDENTITY_USER_FLOW_READWRITE_ALL);
    }

    public Caller toChange(String target) {
        return checked(target, Permissions.IDENTITY_USER_FLOW_READWRITE_ALL);
    }

    private Caller checked(String target, String... anyOfPermissions) {
        Caller caller = callers.require(anyOfPermissions);
        if (!caller.mayManageUserFlows()) {
            throw AuthorizationRefused.forbidden(caller, target, null, "Insufficient privileges to complete the operation: user "
                    + "flows also need the Global Administrator or External ID User Flow Administrator role.");
        }
        return caller;
    }
}
