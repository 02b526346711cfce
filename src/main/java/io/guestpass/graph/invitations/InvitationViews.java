package io.guestpass.graph.invitations;

import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.Invitation;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/** Maps invitations to Graph's representation. */
@ApplicationScoped
public class InvitationViews {

    private final GraphLinks links;
    private final Clock clock;

    InvitationViews(GraphLinks links, Clock clock) {
        this.links = links;
        this.clock = clock;
    }

    public InvitationView created(InvitationService.Issued issued) {
        return view(issued.invitation(), issued.user(), issued.redeemUrl(), links.context("invitations/$entity"));
    }

    public InvitationView read(Invitation invitation, GuestUser user) {
        return view(invitation, user, null, links.context("invitations/$entity"));
    }

    public InvitationView item(Invitation invitation, GuestUser user) {
        return view(invitation, user, null, null);
    }

    private InvitationView view(Invitation invitation, GuestUser user, String redeemUrl, String context) {
        List<InvitationView.Recipient> cc = invitation.ccAddress == null ? List.of()
                : List.of(new InvitationView.Recipient(new InvitationView.EmailAddress(invitation.ccAddress, invitation.ccName)));
        return new InvitationView(context, invitation.id.toString(), redeemUrl, invitation.invitedDisplayName,
                invitation.invitedEmail, invitation.inviteRedirectUrl, invitation.sendInvitationMessage,
                new InvitationView.MessageInfo(invitation.messageLanguage, invitation.customizedMessageBody, cc),
                invitation.invitedUserType.name(), invitation.resetRedemption,
                invitation.effectiveStatus(clock.instant()).name(), invitation.deliveryStatus.name(),
                new InvitationView.InvitedUser(user == null ? invitation.userId.toString() : user.id.toString(),
                        user == null ? null : user.userPrincipalName));
    }
}
