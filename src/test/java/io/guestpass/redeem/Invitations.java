package io.guestpass.redeem;

import io.guestpass.graph.invitations.InvitationRequest;
import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.platform.Caller;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Issues invitations the way the invite function does, for the redeem function's tests (which cannot call /v1.0). */
@ApplicationScoped
public class Invitations {

    static final Caller ADMIN_APP = new Caller("admin-app", "admin-app", false, Set.of("User.Invite.All", "User.ReadWrite.All"), Set.of());

    private final InvitationService service;

    Invitations(InvitationService service) {
        this.service = service;
    }

    public InvitationService.Issued invite(String address, String language) {
        return invite(new InvitationRequest(address, "https://app.contoso.test/welcome", null, false,
                new InvitationRequest.MessageInfo(language, null, null), null, null, null));
    }

    public InvitationService.Issued invite(InvitationRequest request) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> service.invite(ADMIN_APP, request));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public InvitationService.Issued resetRedemption(String userId, String address) {
        return invite(new InvitationRequest(address, "https://app.contoso.test/welcome", null, false, null, null, true,
                new InvitationRequest.InvitedUser(userId)));
    }
}
